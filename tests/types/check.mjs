// Checks the public TypeScript surface of the installed package (node_modules/cognito-auth-wasm),
// through the TypeScript 6 compiler API (TypeScript 7 has none in JS):
// - no `any` anywhere a user can reach from `cognito-auth-wasm` or `cognito-auth-wasm/manual`:
//   every export, its members, parameters, return types and type arguments, walked recursively
//   through the package's own declarations (lib types such as Promise are only looked through);
// - every type the glue declares (src/wasm/types.rs's TypeScript section) is exported by the entry.
// Run by tests/e2e/run.mjs after the tarball is installed here. Exits non-zero on a finding.

import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ts = createRequire(import.meta.url)(join(HERE, '..', 'e2e', 'node_modules', 'typescript6'));

const { config } = ts.readConfigFile(join(HERE, 'tsconfig.json'), ts.sys.readFile);
const { options, fileNames } = ts.parseJsonConfigFileContent(config, ts.sys, HERE);
const program = ts.createProgram(fileNames, options);
const checker = program.getTypeChecker();
const PACKAGE = `${sep}node_modules${sep}cognito-auth-wasm${sep}`;
const findings = [];

function moduleExports(specifier) {
  const resolved = ts.resolveModuleName(specifier, fileNames[0], options, ts.sys).resolvedModule;
  if (!resolved) throw new Error(`cannot resolve ${specifier}`);
  const file = program.getSourceFile(resolved.resolvedFileName);
  return checker.getExportsOfModule(checker.getSymbolAtLocation(file));
}

const ours = (symbol) => (symbol?.declarations ?? []).some((d) => d.getSourceFile().fileName.includes(PACKAGE));
const visited = new Set();

function visitType(type, path) {
  if (type.flags & ts.TypeFlags.Any) {
    findings.push(`${path}: any`);
    return;
  }
  if (visited.has(type)) return;
  visited.add(type);
  if (type.flags & ts.TypeFlags.UnionOrIntersection) {
    type.types.forEach((t, i) => visitType(t, `${path}|${i}`));
    return;
  }
  if (!(type.flags & ts.TypeFlags.Object)) return;
  if (type.objectFlags & ts.ObjectFlags.Reference) {
    checker.getTypeArguments(type).forEach((t, i) => visitType(t, `${path}<${i}>`));
  }
  // Look inside our own declarations only: lib.dom's Response.json() returns any, not our business.
  if (!ours(type.getSymbol() ?? type.aliasSymbol)) return;
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : checker.getTypeOfSymbol(property);
    visitType(propertyType, `${path}.${property.getName()}`);
  }
  for (const info of checker.getIndexInfosOfType(type)) visitType(info.type, `${path}[index]`);
  const signatures = [...type.getCallSignatures(), ...type.getConstructSignatures()];
  for (const signature of signatures) {
    for (const parameter of signature.getParameters()) {
      visitType(checker.getTypeOfSymbol(parameter), `${path}(${parameter.getName()})`);
    }
    visitType(signature.getReturnType(), `${path}()`);
  }
}

function visitExport(symbol, path) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  if (target.flags & ts.SymbolFlags.Type) visitType(checker.getDeclaredTypeOfSymbol(target), path);
  if (target.flags & ts.SymbolFlags.Value) visitType(checker.getTypeOfSymbol(target), `${path}(value)`);
}

const checked = [];
for (const specifier of ['cognito-auth-wasm', 'cognito-auth-wasm/manual']) {
  const exports = moduleExports(specifier);
  for (const symbol of exports) visitExport(symbol, `${specifier}:${symbol.getName()}`);
  checked.push(`${specifier}: ${exports.map((s) => s.getName()).sort().join(', ')}`);
}

// The glue's own module (not an entry) declares the raw init types with `any`; the entries replace those.
const INTERNAL = new Set(['default', 'initSync', 'InitInput', 'InitOutput', 'SyncInitInput']);
const entry = new Set(moduleExports('cognito-auth-wasm').map((s) => s.getName()));
const glueFile = program.getSourceFiles().find((f) => f.fileName.endsWith(`${PACKAGE}cognito_auth_wasm.d.ts`));
const glueExports = checker.getExportsOfModule(checker.getSymbolAtLocation(glueFile)).map((s) => s.getName());
const missing = glueExports.filter((name) => !INTERNAL.has(name) && !entry.has(name));
for (const name of missing) findings.push(`cognito-auth-wasm does not export ${name} (add it to js/index.d.ts)`);

for (const line of checked) console.log(line);
if (findings.length) {
  console.error(findings.join('\n'));
  process.exit(1);
}
console.log(`no any in ${visited.size} types; all ${glueExports.filter((n) => !INTERNAL.has(n)).length} declared types exported`);
