// Runs Dolos (@dodona/dolos-lib, installed by bench/peers.sh into bench/out)
// on the .txt files of a folder with its character tokenizer, k-grams of 5 and
// windows of 9 (the same 13-character guarantee as mingjing's strict mode),
// and prints how many file pairs share fingerprints (Dolos has no 套话
// handling, so stock sentences make most pairs share some) and how many share
// a fragment of at least 3 consecutive fingerprints.
// Usage: node bench/dolos_run.mjs DIR   (NODE_PATH or cwd must reach the package)
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const { Dolos } = await import(process.env.DOLOS_LIB || "@dodona/dolos-lib");
const files = readdirSync(dir).filter(f => f.endsWith(".txt")).sort().map(f => join(dir, f));
const dolos = new Dolos({ language: "char", kgramLength: 5, kgramsInWindow: 9 });
const report = await dolos.analyzePaths(files);
const pairs = report.allPairs();
let long = 0;
for (const p of pairs) if (p.longest >= 3) long++;
console.log(`dolos: ${files.length} files, ${pairs.length} pairs sharing fingerprints, ${long} with >= 3 consecutive shared fingerprints`);
