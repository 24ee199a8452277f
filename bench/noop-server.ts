/** The bench's reference: a fastify app whose POST route parses the JSON body and answers at once. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/v1/lunar/interpretations', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
