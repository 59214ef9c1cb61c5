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
import { WalkPage } from "./pages/walk-page.tsx";

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
  const { status } = useAuth();
  const [params] = useSearchParams();

  useEffect(() => {
    if (status === "signed-out" && !isPublicPath(pathname)) navigate(loginUrl(), { replace: true });
    if (status === "signed-in" && pathname === "/login") navigate(safeNext(params.get("next")), { replace: true });
    if (status === "signed-in" && pathname === "/") navigate("/deals", { replace: true });
  }, [status, pathname, params]);

  useEffect(() => { document.title = titleFor(pathname); }, [pathname]);

  if (pathname === "/setup") return <SetupPage />;
  if (status === "loading") return <div className="boot"><Spinner label="Loading Baton" /></div>;
  if (pathname === "/login" || status === "signed-out") return status === "signed-out" ? <LoginPage /> : <Boot />;

  return (
    <div className="shell">
      <TopBar />
      <main className="main" id="main">{page(pathname)}</main>
    </div>
  );
}

function Boot() {
  return <div className="boot"><Spinner label="Loading Baton" /></div>;
}

function page(pathname: string) {
  if (pathname === "/" || pathname === "/deals") return <DealsPage />;
  if (pathname === "/partners/activation") return <ActivationPage />;
  if (pathname === "/partners") return <PartnersPage />;
  if (pathname === "/walk") return <WalkPage />;
  let m = matchPath("/deals/:id/attribution", pathname);
  if (m) return <AttributionPage key={m.id} id={m.id!} />;
  m = matchPath("/deals/:id/ledger", pathname);
  if (m) return <LedgerPage key={m.id} id={m.id!} />;
  m = matchPath("/deals/:id", pathname);
  if (m) return <DealPage key={m.id} id={m.id!} />;
  m = matchPath("/conversations/:id", pathname);
  if (m) return <ConversationPage key={m.id} id={m.id!} />;
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
  if (pathname.startsWith("/conversations/")) return "Transcript · Baton";
  if (pathname.startsWith("/deals/")) return "Deal · Baton";
  return "Deals · Baton";
}
