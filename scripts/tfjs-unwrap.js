#!/usr/bin/env node
// Turns one nsfwjs model folder (dist/models/<name>/: model.min.js + group1-shard*.min.js, each a
// browserify UMD module wrapping the topology object or a base64 shard) into a standard
// TensorFlow.js layers model folder: model.json + group1-shardNofM.bin.
// Usage: node scripts/tfjs-unwrap.js SRC_DIR OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

function fail(msg) {
  process.stderr.write('tfjs-unwrap: ' + msg + '\n');
  process.exit(1);
}

// Runs the module in an empty context (no require, no fs) so it can only return its value.
function unwrap(file) {
  const code = fs.readFileSync(file, 'utf8');
  const sandbox = { module: { exports: {} } };
  sandbox.exports = sandbox.module.exports;
  try {
    vm.runInNewContext(code, sandbox, { filename: file, timeout: 60000 });
  } catch (e) {
    fail(file + ': cannot evaluate the wrapped module: ' + e.message);
  }
  return sandbox.module.exports;
}

const BYTES = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

function main() {
  const [src, out] = process.argv.slice(2);
  if (!src || !out) fail('usage: tfjs-unwrap.js SRC_DIR OUT_DIR');
  const modelFile = path.join(src, 'model.min.js');
  if (!fs.existsSync(modelFile)) fail(modelFile + ': missing');
  const model = unwrap(modelFile);
  if (!model || typeof model !== 'object' || !model.modelTopology || !Array.isArray(model.weightsManifest))
    fail(modelFile + ': not a TensorFlow.js layers model (no modelTopology/weightsManifest)');
  if (!model.modelTopology.model_config) fail(modelFile + ': not a layers model (graph model?)');

  const tmp = out + '.tmp';
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  let expected = 0;
  let written = 0;
  const manifest = model.weightsManifest.map((group) => {
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const dtype = w.quantization ? w.quantization.dtype : w.dtype;
      if (!(dtype in BYTES)) fail(modelFile + ': weight ' + w.name + ' has unknown dtype ' + dtype);
      expected += n * BYTES[dtype];
    }
    const paths = group.paths.map((p) => {
      const shardFile = path.join(src, p + '.min.js');
      if (!fs.existsSync(shardFile)) fail(shardFile + ': missing');
      const b64 = unwrap(shardFile);
      if (typeof b64 !== 'string') fail(shardFile + ': expected a base64 string');
      const bytes = Buffer.from(b64, 'base64');
      const name = p.endsWith('.bin') ? p : p + '.bin';
      fs.writeFileSync(path.join(tmp, name), bytes);
      written += bytes.length;
      return name;
    });
    return { paths, weights: group.weights };
  });
  if (written !== expected)
    fail(src + ': shards hold ' + written + ' bytes but the manifest needs ' + expected);

  const json = {
    format: 'layers-model',
    generatedBy: 'keras v' + (model.modelTopology.keras_version || '?'),
    convertedBy: 'vitrine scripts/tfjs-unwrap.js from nsfwjs',
    modelTopology: model.modelTopology,
    weightsManifest: manifest,
  };
  fs.writeFileSync(path.join(tmp, 'model.json'), JSON.stringify(json));
  // Replace atomically so an interrupted run never leaves a half-written model folder.
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(tmp, out);
  process.stdout.write(out + ': model.json + ' + manifest.reduce((a, g) => a + g.paths.length, 0) +
                       ' shard(s), ' + written + ' bytes\n');
}

main();
