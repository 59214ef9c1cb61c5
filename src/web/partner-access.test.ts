import { describe, expect, it } from "vitest";
import { ApiError } from "./api-client.ts";
import { invitationProblem, invitationStatus, isPublicPath, nextSelection } from "./access-rules.ts";
import { isInternalItem } from "./types.ts";

describe("selecting an utterance range to mark internal", () => {
  it("click selects one line, shift-click extends from the first click either way, clicking the lone line again clears", () => {
    const one = nextSelection(null, 7, false);
    expect(one).toEqual({ anchor: 7, from: 7, to: 7 });
    expect(nextSelection(one, 12, true)).toEqual({ anchor: 7, from: 7, to: 12 });
    expect(nextSelection(nextSelection(one, 12, true), 3, true)).toEqual({ anchor: 7, from: 3, to: 7 });
    expect(nextSelection(one, 7, false)).toBeNull();
    expect(nextSelection({ anchor: 7, from: 7, to: 12 }, 9, false)).toEqual({ anchor: 9, from: 9, to: 9 });
    expect(nextSelection(null, 4, true)).toEqual({ anchor: 4, from: 4, to: 4 });
  });
});

describe("invitations", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  it("takes the server's status when sent, else works it out from the dates", () => {
    expect(invitationStatus({ status: "accepted", expiresAt: "2026-11-20T00:00:00Z" }, now)).toBe("accepted");
    expect(invitationStatus({ acceptedAt: "2026-11-25T00:00:00Z", expiresAt: "2026-11-20T00:00:00Z" }, now)).toBe("accepted");
    expect(invitationStatus({ revokedAt: "2026-11-25T00:00:00Z", expiresAt: "2026-12-20T00:00:00Z" }, now)).toBe("revoked");
    expect(invitationStatus({ expiresAt: "2026-11-26T11:59:59Z" }, now)).toBe("expired");
    expect(invitationStatus({ expiresAt: "2026-12-03T12:00:00Z" }, now)).toBe("pending");
  });
  it("says plainly why a link cannot be used", () => {
    expect(invitationProblem(new ApiError(404, "NOT_FOUND", "invitation x")).title).toMatch(/not valid/);
    expect(invitationProblem(new ApiError(409, "CONFLICT", "This invitation was already accepted.")).title).toMatch(/no longer be used/);
    expect(invitationProblem(new ApiError(500, "INTERNAL", "Internal error")).text).toBe("Internal error");
  });
});

describe("public paths and internal items", () => {
  it("lets the invitation and buyer pages through without a session, nothing else", () => {
    expect(isPublicPath("/invite/abc")).toBe(true);
    expect(isPublicPath("/share/abc")).toBe(true);
    expect(isPublicPath("/settings/access")).toBe(false);
    expect(isPublicPath("/deals/abc")).toBe(false);
    expect(isPublicPath("/shared")).toBe(false);
  });
  it("reads either spelling of the internal flag", () => {
    expect(isInternalItem({ isInternal: true })).toBe(true);
    expect(isInternalItem({ internal: true })).toBe(true);
    expect(isInternalItem({})).toBe(false);
  });
});
