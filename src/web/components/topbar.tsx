// The app's top bar: product mark, navigation, signed-in user and sign-out.
import { useAuth } from "../auth.tsx";
import { initials } from "../format.ts";
import { Link, useLocation } from "../router.tsx";
import { BatonMark, LogOutIcon } from "./icons.tsx";

export function TopBar() {
  const { user, signOut } = useAuth();
  const { pathname } = useLocation();
  const dealsActive = pathname === "/" || pathname.startsWith("/deals") || pathname.startsWith("/conversations");
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to="/deals" className="brand" aria-label="Baton home">
          <BatonMark />
          <span className="brand-name">Baton</span>
        </Link>
        <nav className="topnav" aria-label="Main">
          <Link to="/deals" className={dealsActive ? "is-active" : undefined} aria-current={dealsActive ? "page" : undefined}>Deals</Link>
          <Link to="/partners" className={pathname === "/partners" ? "is-active" : undefined} aria-current={pathname === "/partners" ? "page" : undefined}>Partners</Link>
          <Link to="/partners/activation" className={pathname === "/partners/activation" ? "is-active" : undefined} aria-current={pathname === "/partners/activation" ? "page" : undefined}>Activation</Link>
          <Link to="/walk" className={pathname.startsWith("/walk") ? "is-active" : undefined} aria-current={pathname.startsWith("/walk") ? "page" : undefined}>Weekly walk</Link>
        </nav>
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
