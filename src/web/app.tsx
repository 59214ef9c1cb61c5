// The route table and the signed-in shell (top bar + page), with the session gate in front of it.
import { useEffect } from "react";
import { AuthProvider, isPublicPath, loginUrl, useAuth } from "./auth.tsx";
import { TopBar } from "./components/topbar.tsx";
import { EmptyState, Spinner } from "./components/ui.tsx";
import { ConversationPage } from "./pages/conversation.tsx";
import { DealPage } from "./pages/deal.tsx";
import { DealsPage } from "./pages/deals.tsx";
import { LoginPage, safeNext } from "./pages/login.tsx";
import { SetupPage } from "./pages/setup.tsx";
import { Link, matchPath, navigate, RouterProvider, useLocation, useSearchParams } from "./router.tsx";
import { LedgerPage } from "./pages/ledger-page.tsx";
import { AttributionPage } from "./pages/attribution-page.tsx";
import { PartnersPage } from "./pages/partners-page.tsx";
import { ActivationPage } from "./pages/activation-page.tsx";
import { RunwayPage } from "./pages/runway-page.tsx";
import { WalkPage } from "./pages/walk-page.tsx";
import { AccessPage } from "./pages/access-page.tsx";
import { InvitePage } from "./pages/invite.tsx";
import { SharePage } from "./pages/share-page.tsx";
import { AuditPage } from "./pages/audit-page.tsx";
import { DeliveryPage } from "./pages/delivery-page.tsx";
import { CrmPage } from "./pages/crm-page.tsx";
import { ConsentPage } from "./pages/consent-page.tsx";
import { SettingsNav } from "./components/settings-nav.tsx";

export function App() {
  return (
    <RouterProvider>
      <AuthProvider>
        <Routes />
      </AuthProvider>
    </RouterProvider>
  );
}

function Routes() {
  const { pathname } = useLocation();
  const { status, user } = useAuth();
  const [params] = useSearchParams();

  useEffect(() => {
    if (status === "signed-out" && !isPublicPath(pathname)) navigate(loginUrl(), { replace: true });
    if (status === "signed-in" && pathname === "/login") navigate(safeNext(params.get("next")), { replace: true });
    if (status === "signed-in" && pathname === "/") navigate("/deals", { replace: true });
  }, [status, pathname, params]);

  useEffect(() => { document.title = titleFor(pathname); }, [pathname]);

  if (pathname === "/setup") return <SetupPage />;
  // Public pages with their own token: the buyer's page (no app chrome at all) and accepting an invitation.
  let pub = matchPath("/share/:token", pathname);
  if (pub) return <SharePage key={pub.token} token={pub.token!} />;
  pub = matchPath("/invite/:token", pathname);
  if (pub && status !== "loading") return <InvitePage key={pub.token} token={pub.token!} />;
  if (status === "loading") return <div className="boot"><Spinner label="Loading Baton" /></div>;
  if (pathname === "/login" || status === "signed-out") return status === "signed-out" ? <LoginPage /> : <Boot />;

  return (
    <div className="shell">
      <TopBar />
      <main className="main" id="main">{page(pathname, user?.role === "partner", user?.partnerOrgId ?? null)}</main>
    </div>
  );
}

function Boot() {
  return <div className="boot"><Spinner label="Loading Baton" /></div>;
}

function page(pathname: string, isPartner: boolean, partnerOrgId: string | null) {
  if (pathname === "/" || pathname === "/deals") return <DealsPage />;
  // Partner users have no staff pages: the shared deals, their pages and transcripts, and their own runway (read-only).
  const isOwnRunway = partnerOrgId != null && pathname === `/partners/${encodeURIComponent(partnerOrgId)}/runway`;
  if (isPartner && !/^\/(deals|conversations)\//.test(pathname) && !isOwnRunway) return <NotFound pathname={pathname} />;
  const settings = settingsPage(pathname);
  if (settings) return <div className="settings"><div className="page settings-nav-wrap"><SettingsNav /></div>{settings}</div>;
  if (pathname === "/partners/activation") return <ActivationPage />;
  if (pathname === "/partners") return <PartnersPage />;
  if (pathname === "/walk") return <WalkPage />;
  let m = matchPath("/partners/:orgId/runway", pathname);
  if (m) return <RunwayPage key={m.orgId} orgId={m.orgId!} />;
  m = matchPath("/deals/:id/attribution", pathname);
  if (m) return <AttributionPage key={m.id} id={m.id!} />;
  m = matchPath("/deals/:id/ledger", pathname);
  if (m) return <LedgerPage key={m.id} id={m.id!} />;
  m = matchPath("/deals/:id", pathname);
  if (m) return <DealPage key={m.id} id={m.id!} />;
  m = matchPath("/conversations/:id", pathname);
  if (m) return <ConversationPage key={m.id} id={m.id!} />;
  return <NotFound pathname={pathname} />;
}

function settingsPage(pathname: string) {
  if (pathname === "/settings/access") return <AccessPage />;
  if (pathname === "/settings/delivery") return <DeliveryPage />;
  if (pathname === "/settings/crm") return <CrmPage />;
  if (pathname === "/settings/consent") return <ConsentPage />;
  if (pathname === "/settings/audit") return <AuditPage />;
  return null;
}

function NotFound({ pathname }: { pathname: string }) {
  return (
    <div className="page">
      <div className="card card-pad">
        <EmptyState title="Page not found" action={<Link to="/deals" className="btn btn-primary">Go to deals</Link>}>
          <p>There is nothing at <code>{pathname}</code>.</p>
        </EmptyState>
      </div>
    </div>
  );
}

function titleFor(pathname: string): string {
  if (pathname.startsWith("/login")) return "Sign in · Baton";
  if (pathname.startsWith("/setup")) return "Set up · Baton";
  if (pathname.startsWith("/walk")) return "Weekly walk · Baton";
  if (pathname.startsWith("/settings/access")) return "People & access · Baton";
  if (pathname.startsWith("/settings/delivery")) return "Delivery · Baton";
  if (pathname.startsWith("/settings/crm")) return "CRM sync · Baton";
  if (pathname.startsWith("/settings/consent")) return "Recording consent · Baton";
  if (pathname.startsWith("/settings/audit")) return "Audit log · Baton";
  if (pathname.startsWith("/invite/")) return "Accept invitation · Baton";
  if (pathname.startsWith("/share/")) return "Call recap";
  if (pathname.startsWith("/conversations/")) return "Transcript · Baton";
  if (pathname.startsWith("/deals/")) return "Deal · Baton";
  return "Deals · Baton";
}
