// The tabs across the settings pages: people & access, delivery destinations, CRM connections, the recording-consent
// policy, the audit log (admins).
import { useAuth } from "../auth.tsx";
import { Link, useLocation } from "../router.tsx";

const TABS = [
  { to: "/settings/access", label: "People & access" },
  { to: "/settings/delivery", label: "Delivery" },
  { to: "/settings/crm", label: "CRM sync" },
  { to: "/settings/consent", label: "Recording consent" },
  { to: "/settings/audit", label: "Audit log", adminOnly: true },
];

export function SettingsNav() {
  const { pathname } = useLocation();
  const { user } = useAuth();
  return (
    <nav className="tabs settings-tabs" aria-label="Settings">
      {TABS.filter((t) => !t.adminOnly || user?.role === "admin").map((t) => (
        <Link key={t.to} to={t.to} className={`tab${pathname.startsWith(t.to) ? " is-active" : ""}`} aria-current={pathname.startsWith(t.to) ? "page" : undefined}>{t.label}</Link>
      ))}
    </nav>
  );
}
