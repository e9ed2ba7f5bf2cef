export { compile, tryCompile, isExpression, type Expression } from './expression.js';
export { compileTemplate, tryCompileTemplate, type Template } from './template.js';
