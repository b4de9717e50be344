/** The completion table, built from the sandbox's declarations by build.ts's completionsPlugin. */
declare module 'virtual:lab-completions' {
  const table: import('./table').CompletionTable;
  export default table;
}
