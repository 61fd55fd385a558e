// One option schema: the keys wsclient.d.mts declares for ClientOptions are exactly the keys
// the module's options reader accepts (Client.optionKeys(), the reader's own table). A key
// declared but refused, or accepted but not declared, fails here. (The reader against
// client_options' fields: tests/unit/wasm/js_options_test.cpp.)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { test, expect } from './fixtures.mjs';

const declarations = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
                                  '../../wasm/js/wsclient.d.mts');

/** The dotted keys of an interface, read by the TypeScript compiler: a nested object literal
 *  type is a section ("reconnect.initialDelay"); anything else (a number, a union, an array,
 *  a Record) is a key. */
function declaredKeys(file, interfaceName) {
  const program = ts.createProgram([file], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const declaration = program.getSourceFile(file).statements.find(
      (s) => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName);
  const keys = [];
  const walk = (type, prefix) => {
    for (const property of checker.getPropertiesOfType(type)) {
      const key = prefix + property.name;
      const value = checker.getNonNullableType(checker.getTypeOfSymbol(property));
      const section = (value.flags & ts.TypeFlags.Object) && !checker.isArrayType(value) &&
                      checker.getIndexInfosOfType(value).length === 0;
      if (section) walk(value, key + '.');
      else keys.push(key);
    }
  };
  walk(checker.getTypeAtLocation(declaration), '');
  return keys;
}

test('wsclient.d.mts declares exactly the options the reader accepts', async ({ page, server }) => {
  const declared = declaredKeys(declarations, 'ClientOptions');
  expect(declared).toContain('reconnect.initialDelay');  // the walk itself works
  await page.goto(server.url + '/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const accepted = await page.evaluate(() => window.demo.wsclient.Client.optionKeys());
  expect([...accepted].sort()).toEqual([...declared].sort());
});
