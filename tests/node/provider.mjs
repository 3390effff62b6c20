// A real OpenID Connect provider for the integration tests: the npm package
// oidc-provider on 127.0.0.1, with one confidential client and two users,
// "alice" (in the group sdb-operators) and "bob" (not). Its development
// login and consent pages accept any password.
//
//   node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI...
//
// A fresh signing key is made at every start, so restarting the provider
// rotates its keys. For tests of a misbehaving provider,
// GET /_test/tamper?mode=MODE changes the ID tokens the token endpoint
// hands out from then on: expired, wrong-audience, wrong-issuer,
// wrong-nonce, bad-signature, or none (honest again).
import Provider from 'oidc-provider';
import * as jose from 'jose';

const [port, clientId, clientSecret, ...redirectUris] = process.argv.slice(2);
if (!port || !clientId || !clientSecret || redirectUris.length === 0) {
  console.error('usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI...');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const jwk = await jose.exportJWK(privateKey);
jwk.kid = `test-${Date.now()}`;
jwk.alg = 'RS256';
jwk.use = 'sig';

const users = {
  alice: { sub: 'alice', name: 'Alice Operator', email: 'alice@example.test',
           email_verified: true, groups: ['sdb-operators', 'staff'] },
  bob: { sub: 'bob', name: 'Bob Visitor', email: 'bob@example.test',
         email_verified: true, groups: ['staff'] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: ['sdb-test-provider-cookie-key'] },
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    profile: ['name'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return { accountId: id, async claims() { return { ...user }; } };
  },
});

let tamper = 'none';
const modes = ['none', 'expired', 'wrong-audience', 'wrong-issuer', 'wrong-nonce', 'bad-signature'];

async function tampered(idToken) {
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (tamper === 'bad-signature') {
    const [header, , signature] = idToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }
  if (tamper === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  if (tamper === 'wrong-audience') claims.aud = 'another-client';
  if (tamper === 'wrong-issuer') claims.iss = 'http://127.0.0.1:1';
  if (tamper === 'wrong-nonce') claims.nonce = 'not-the-nonce';
  return new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
    .sign(privateKey);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/_test/tamper') {
    const mode = ctx.query.mode;
    if (!modes.includes(mode)) {
      ctx.status = 400;
      ctx.body = `mode must be one of ${modes.join(', ')}\n`;
      return;
    }
    tamper = mode;
    ctx.body = `tamper ${mode}\n`;
    return;
  }
  await next();
  if (ctx.path === '/token' && tamper !== 'none' && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await tampered(ctx.body.id_token) };
  }
});

const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc test provider at ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
