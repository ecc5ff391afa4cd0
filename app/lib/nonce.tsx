import { createContext, useContext, type ReactNode } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered. Provided only on the
 * server: in the browser it is "", which matches what the DOM reports (browsers hide nonce
 * attributes), so hydration sees no difference.
 */
const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
