/**
 * Parameter names whose values are secrets, in a URL's query and in a fragment's `key=value`
 * pairs: their values become `redacted`. Each entry is a piece of a regular expression, tested
 * against the name case-insensitively: a bare word matches anywhere in the name (so `user_token`,
 * `contact[email]` and `contact%5Bemail%5D` match too), `^…$` only the whole name. The tag and the
 * collector share this table (sdk/redact.ts). Campaign parameters (`utm_*`, click ids such as
 * `gclid`) match none of them; a value holding an e-mail address is redacted whatever its name.
 */
export const SECRET_PARAMS = [
  'token', // token, access_token, id_token, refresh_token, X-Amz-Security-Token
  'secret', // secret, client_secret
  'pass|pwd', // password, passwd, pass, passcode, pwd
  'sig', // sig, signature, X-Amz-Signature, X-Goog-Signature
  'credential|jwt', // X-Amz-Credential, JWTs
  'key$', // key, api_key, apikey (not keyword)
  'sess(ion|id)', // session, session_id, PHPSESSID, jsessionid
  'mail', // email, work_email, e-mail, contact[email]
  '^(auth|code|state|otp|sid)$', // OAuth's code and state; one-time passwords; sid
];
