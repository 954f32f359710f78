/**
 * Parameter names the collector also treats as secrets, on top of the tag's table
 * (sdk/secret-params.ts, which every byte of the tag pays for): rarer credentials, and the fields
 * a GET form may put in the next page's URL that must never be kept. Pieces of a regular
 * expression tested against the name case-insensitively: a bare word matches anywhere in it,
 * `^…$` only the whole name.
 */
export const MORE_SECRET_PARAMS = [
  'saml|oauth', // SAMLRequest, SAMLResponse; oauth, oauth_nonce
  'assertion|bearer', // OAuth assertions (RFC 7521), bearer credentials
  '^(ticket|nonce|verifier|code_verifier|oauth_verifier|authorization|hmac|hash)$', // CAS tickets, OAuth and PKCE values, signatures by another name
  'card|^(cvc|cvv|cvv2|iban|ssn|pin)$', // payment and identity numbers
  'phone|^(tel|mobile)$', // telephone numbers a form may carry
];
