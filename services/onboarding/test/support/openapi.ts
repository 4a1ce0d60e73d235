import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import openApiDocument from '../../openapi.json';

const DOCUMENT_ID = 'onboarding-openapi';

/** The served OpenAPI 3.1 document as a JSON Schema 2020-12 resource; its fragments validate real answers. */
const ajv = new Ajv2020({ allErrors: true, strictSchema: false });
addFormats(ajv);
ajv.addSchema(openApiDocument, DOCUMENT_ID);

function validatorAt(pointer: string): ValidateFunction {
  const validate = ajv.getSchema(`${DOCUMENT_ID}#${pointer}`);
  if (validate === undefined) throw new Error(`openapi.json has nothing at ${pointer}`);
  return validate;
}

function check(validate: ValidateFunction, body: unknown, what: string): void {
  if (!validate(body)) throw new Error(`${what} does not match openapi.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body, null, 2)}`);
}

/** Throws unless `body` is what openapi.json documents for that operation's `status` answer. */
export function expectOpenApiResponse(method: 'get' | 'post' | 'put' | 'delete', path: string, status: number, body: unknown): void {
  const pointer = `/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${status}/content/application~1json/schema`;
  check(validatorAt(pointer), body, `${method.toUpperCase()} ${path} ${status}`);
}

/** Throws unless `body` matches components/schemas/<name>. */
export function expectOpenApiSchema(name: string, body: unknown): void {
  check(validatorAt(`/components/schemas/${name}`), body, name);
}
