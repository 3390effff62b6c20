// A local stand-in for GitHub's OAuth app flow and the three REST calls
// sign-in makes, for tests only (github.com is unreachable from here).
// It follows GitHub's documented wire format: /login/oauth/authorize
// redirects back with code and state (the user "octo" approves at once),
// /login/oauth/access_token answers JSON when asked to, checks the client
// secret, the redirect URI and the PKCE verifier, and a code works once;
// /user, /user/emails and /user/orgs need the token.
//
//   node github.mjs PORT CLIENT_ID CLIENT_SECRET
import http from 'node:http';
import crypto from 'node:crypto';

const [port, clientId, clientSecret] = process.argv.slice(2);
const codes = new Map();   // code -> { redirectUri, challenge }
const tokens = new Set();

const user = { id: 4242, login: 'octo', name: 'Octo Operator', email: null };
const emails = [
  { email: 'octo@users.noreply.example', primary: false, verified: true },
  { email: 'octo@example.test', primary: true, verified: true },
];
const orgs = [{ login: 'stackmon', id: 1 }];

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
    const q = url.searchParams;
    if (q.get('client_id') !== clientId) return send(res, 404, { error: 'unknown client' });
    const code = crypto.randomBytes(10).toString('hex');
    codes.set(code, { redirectUri: q.get('redirect_uri'), challenge: q.get('code_challenge') });
    const back = new URL(q.get('redirect_uri'));
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') || '');
    res.writeHead(302, { Location: back.toString() });
    return res.end();
  }
  if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
    const form = await readBody(req);
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return send(res, 200, { error: 'incorrect_client_credentials' });
    }
    const grant = codes.get(form.get('code'));
    codes.delete(form.get('code'));
    const verifier = form.get('code_verifier') || '';
    const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    if (!grant || grant.redirectUri !== form.get('redirect_uri') || grant.challenge !== challenge) {
      return send(res, 200, { error: 'bad_verification_code',
                              error_description: 'The code passed is incorrect or expired.' });
    }
    const token = `gho_${crypto.randomBytes(16).toString('hex')}`;
    tokens.add(token);
    return send(res, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
  }
  const auth = (req.headers.authorization || '').replace(/^Bearer /, '');
  if (!tokens.has(auth)) return send(res, 401, { message: 'Requires authentication' });
  if (url.pathname === '/user') return send(res, 200, user);
  if (url.pathname === '/user/emails') return send(res, 200, emails);
  if (url.pathname === '/user/orgs') return send(res, 200, orgs);
  return send(res, 404, { message: 'Not Found' });
});
server.listen(Number(port), '127.0.0.1', () => console.log(`github stand-in at http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
