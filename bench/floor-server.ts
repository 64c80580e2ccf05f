/** The floor: the same HTTP framework with nothing behind it, answering a stored JSON response. */
import fs from 'node:fs';
import Fastify from 'fastify';

const body = fs.readFileSync(process.env.FLOOR_BODY_FILE!);
const app = Fastify({ logger: false });
app.get('/floor', (_request, reply) => { reply.header('content-type', 'application/json; charset=utf-8').send(body); });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
const stop = () => { void app.close().then(() => process.exit(0)); };
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
