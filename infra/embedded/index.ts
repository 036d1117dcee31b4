export { DEFAULT_HOME, type EmbeddedDatabase, freePort, openEmbeddedDatabase } from './launch.ts';
