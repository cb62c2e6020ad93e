/** Moved to naming/header.ts (the one spelling of the generated-by line, usable from every layer). */
export * from '../naming/header';
