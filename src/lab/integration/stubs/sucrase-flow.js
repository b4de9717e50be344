// sucrase's Flow parser plugin: the lab parses TypeScript only (isFlowEnabled is false), so none of
// these runs. The lab bundles use this instead of the 7.8 KB plugin (see ../index.ts); a call says so.
// Every export of sucrase/dist/esm/parser/plugins/flow.js is here (index.test.ts compares the two).
const unused = () => {
  throw new Error('sucrase was asked to parse Flow: the lab parses TypeScript only');
};
export const flowParseTypeParameterDeclaration = unused;
export const flowParseTypeAnnotation = unused;
export const flowParseVariance = unused;
export const flowParseFunctionBodyAndFinish = unused;
export const flowParseSubscript = unused;
export const flowStartParseNewArguments = unused;
export const flowTryParseStatement = unused;
export const flowTryParseExportDefaultExpression = unused;
export const flowParseIdentifierStatement = unused;
export const flowShouldParseExportDeclaration = unused;
export const flowShouldDisallowExportDefaultSpecifier = unused;
export const flowParseExportDeclaration = unused;
export const flowShouldParseExportStar = unused;
export const flowParseExportStar = unused;
export const flowAfterParseClassSuper = unused;
export const flowStartParseObjPropValue = unused;
export const flowParseAssignableListItemTypes = unused;
export const flowStartParseImportSpecifiers = unused;
export const flowParseImportSpecifier = unused;
export const flowStartParseFunctionParams = unused;
export const flowAfterParseVarHead = unused;
export const flowStartParseAsyncArrowFromCallExpression = unused;
export const flowParseMaybeAssign = unused;
export const flowParseArrow = unused;
export const flowParseSubscripts = unused;
