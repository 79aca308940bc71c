// Validates JSON files against a JSON Schema 2020-12 document with Ajv, the
// validator editors and many tools are built on, independently of mla:
//   node validate.js SCHEMA FILE...
// prints one line per file, "valid FILE" or "invalid FILE", and exits 2 if
// the schema itself cannot be compiled.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [schemaFile, ...files] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
} catch (e) {
  console.error("schema: " + e.message);
  process.exit(2);
}
for (const f of files) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(f, "utf8"));
  } catch (e) {
    console.log("unreadable " + f);
    continue;
  }
  console.log((validate(data) ? "valid " : "invalid ") + f);
}
