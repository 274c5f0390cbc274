/** The signed-in cookie's name; kept apart so Next routes can import it without the server. */
export const AUTH_COOKIE = "attune_auth";
