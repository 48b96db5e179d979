// Index size against MiniSearch, same documents, same run.
//   node bench/size.mjs ENTRIES.jsonl BUNDLE.bin [label]
// Our index part = gzip(bundle) − gzip(the question and answer texts the bundle must carry
// anyway); MiniSearch's index = gzip(JSON.stringify(index)), which holds no texts.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import MiniSearch from "minisearch";

const [entriesPath, bundlePath, label = entriesPath] = process.argv.slice(2);
const docs = readFileSync(entriesPath, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

const ms = new MiniSearch({ fields: ["question", "answer"], idField: "id" });
ms.addAll(docs);
const msIndex = gz(Buffer.from(JSON.stringify(ms)));

const texts = gz(Buffer.from(docs.map((d) => `${d.question}\n${d.answer}\n`).join("")));
const bundle = gz(readFileSync(bundlePath));
const ours = bundle - texts;
const result = {
  label, entries: docs.length, bundle_gzip: bundle, texts_gzip: texts,
  index_gzip: ours, minisearch_index_gzip: msIndex, ratio: +(ours / msIndex).toFixed(3),
};
console.log(JSON.stringify(result));
