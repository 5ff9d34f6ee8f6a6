import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations, from the tables core/db/pgSchema.ts derives from the SQLite schema
export default defineConfig({
  dialect: 'postgresql',
  schema: './drizzle.pg.schema.cjs',
  out: './drizzle/pg',
});
