/**
 * @rongtong/runtime — helpers for the Node.js processes of Rongtong (the agent and the
 * platform), never for connectors or the client: SQLite opened the same way everywhere,
 * versioned migrations, column conversions, and strict CLI argument parsing.
 */
export { openDatabase, type Durability, type OpenDatabaseOptions } from './sqlite/open-database.js';
export { migrate, schemaVersion, type MigrateResult, type Migration } from './sqlite/migrate.js';
export { INT64_MAX, bigintOf, bytesOf, clampSeq, numberOf, sameBytes, stringsOf } from './sqlite/sqlite-values.js';
export { UsageError, parseCliArgs, type OptionKinds } from './cli/args.js';
