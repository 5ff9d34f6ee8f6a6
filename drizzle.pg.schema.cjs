// drizzle-kit finds tables among a schema file's exports: here, those core/db/pgSchema.ts derives, which have no file of their own
module.exports = require('./core/db/pgSchema.ts').pgSchema;
