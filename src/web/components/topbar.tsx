// The app's top bar: product mark, navigation (staff pages for our side, "Shared deals" and their runway for partner users),
// the partner-view badge, signed-in user and sign-out.
import { api } from "../api-client.ts";
import { useAuth } from "../auth.tsx";
import { initials } from "../format.ts";
import { Link, useLocation } from "../router.tsx";
import type { User } from "../types.ts";
import { useApi } from "../use-api.ts";
import { BatonMark, LogOutIcon } from "./icons.tsx";

function NavLink({ to, active, children }: { to: string; active: boolean; children: string }) {
  return <Link to={to} className={active ? "is-active" : undefined} aria-current={active ? "page" : undefined}>{children}</Link>;
}

export function TopBar() {
  const { user, signOut } = useAuth();
  const { pathname } = useLocation();
  const isPartner = user?.role === "partner";
  const dealsActive = pathname === "/" || pathname.startsWith("/deals") || pathname.startsWith("/conversations");
  return (
    <header className={`topbar${isPartner ? " topbar-partner" : ""}`}>
      <div className="topbar-inner">
        <Link to="/deals" className="brand" aria-label="Baton home">
          <BatonMark />
          <span className="brand-name">Baton</span>
        </Link>
        <nav className="topnav" aria-label="Main">
          {isPartner ? (
            <>
              <NavLink to="/deals" active={dealsActive}>Shared deals</NavLink>
              {user?.partnerOrgId && <NavLink to={`/partners/${encodeURIComponent(user.partnerOrgId)}/runway`} active={pathname.endsWith("/runway")}>Runway</NavLink>}
            </>
          ) : (
            <>
              <NavLink to="/deals" active={dealsActive}>Deals</NavLink>
              <NavLink to="/partners" active={pathname === "/partners"}>Partners</NavLink>
              <NavLink to="/partners/activation" active={pathname === "/partners/activation"}>Activation</NavLink>
              <NavLink to="/walk" active={pathname.startsWith("/walk")}>Weekly walk</NavLink>
              <NavLink to="/settings/access" active={pathname.startsWith("/settings")}>Settings</NavLink>
            </>
          )}
        </nav>
        {isPartner && user && <PartnerBadge user={user} />}
        <div className="topbar-spacer" />
        {user && (
          <div className="usermenu">
            <span className="avatar avatar-sm avatar-user" aria-hidden="true">{initials(user.name || user.email)}</span>
            <span className="usermenu-text">
              <span className="usermenu-name" data-testid="signed-in-user">{user.name || user.email}</span>
              <span className="usermenu-role">{user.role === "admin" ? "Admin" : user.role === "partner" ? "Partner" : "Member"}</span>
            </span>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => void signOut()}>
              <LogOutIcon size={15} /> Sign out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

/** "Partner view · Northwind": the organisation's name comes from /me when sent, else from a shared deal's partners. */
function PartnerBadge({ user }: { user: User }) {
  const orgId = user.partnerOrgId ?? null;
  const known = user.partnerName ?? null;
  const deals = useApi(async (signal) => (known || !orgId ? null : api.deals({}, signal)), [known, orgId]);
  const fromDeals = deals.data?.deals.flatMap((d) => d.partners).find((p) => p.id === orgId)?.name ?? null;
  const name = known ?? fromDeals ?? "partner";
  return (
    <span className="partner-badge side-partner" data-testid="partner-badge" title="You see the deals shared with your organisation; our internal notes are not shown">
      <span className="dot" aria-hidden="true" />Partner view · {name}
    </span>
  );
}
