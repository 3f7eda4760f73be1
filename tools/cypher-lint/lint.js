#!/usr/bin/env node
// Runs Cypher statements through Neo4j's own Cypher front end (@neo4j-cypher/language-support's
// lintCypherQuery: Neo4j's parser plus the semantic analysis compiled from Neo4j's Scala front end).
//
// stdin:  a JSON array; each item is a query string, or {"query": "...", "parameters": {...}}.
// stdout: a JSON array, one {"query", "errors": [...], "warnings": [...]} per item, in input order.
//
// Each statement is checked once per Cypher version in CYPHER_LINT_VERSIONS (default both: Neo4j 5
// servers speak "CYPHER 5", the default of 2025+ servers too; "CYPHER 25" is the newer language).
// Every diagnostic says which version reported it. Errors are the diagnostics of severity 1 (Error).
// The semantic analysis takes a few seconds on a long statement, so the work is shared between worker
// threads (CYPHER_LINT_WORKERS, default one per core, at most 4) inside this one process.
"use strict";

const os = require("node:os");
const { Worker, isMainThread, parentPort, workerData } = require("node:worker_threads");

const ERROR = 1;

// The catalogue of built-in functions and procedures as listed by a Neo4j server, shipped by the package.
// With it the linter also checks that every called procedure and function exists in Neo4j and what a
// procedure YIELDs (so FalkorDB's `db.idx.fulltext.queryNodes` is an error). Plugin namespaces (APOC, GDS)
// are dropped: Threadline must run on a bare Neo4j.
function builtinCatalogue(ls) {
  const mock = ls.testData && ls.testData.mockSchema;
  if (!mock || !mock.functions || !mock.procedures) {
    throw new Error("this version of @neo4j-cypher/language-support ships no function/procedure catalogue");
  }
  const bare = (byVersion) =>
    Object.fromEntries(
      Object.entries(byVersion).map(([version, entries]) => [
        version,
        Object.fromEntries(Object.entries(entries).filter(([name]) => !/^(apoc|gds)\./.test(name))),
      ]),
    );
  return { functions: bare(mock.functions), procedures: bare(mock.procedures) };
}

function diagnostic(d, version) {
  return {
    version,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    offsets: d.offsets,
  };
}

// Lint one (statement, version) task. Parameters are bound by the driver at run time, not written in the
// statement: unless the caller gave them, a statement's own parameters are declared, so that
// "Parameter $x is not defined" only ever reports a gap between a statement and the parameters it is sent.
function lintTask(ls, catalogue, { query, parameters, version }) {
  const declared = parameters || Object.fromEntries(ls.parseParameters(query).map((name) => [name, null]));
  const schema = { ...catalogue, parameters: declared, defaultLanguage: version };
  // Console commands (`:param`, `:use`) are not Cypher: a driver cannot send them. The pinned release
  // takes `consoleCommandsEnabled` as a third boolean and returns the diagnostics array; later releases
  // take an options object and return {diagnostics, symbolTables}.
  const consoleOff = ls.lintCypherQuery.length >= 3 ? false : { consoleCommandsEnabled: false };
  const result = ls.lintCypherQuery(query, schema, consoleOff);
  const diagnostics = Array.isArray(result) ? result : result.diagnostics;
  return diagnostics.map((d) => ({ error: d.severity === ERROR, diagnostic: diagnostic(d, version) }));
}

function workerMain() {
  const ls = require("@neo4j-cypher/language-support");
  const catalogue = builtinCatalogue(ls);
  parentPort.postMessage(workerData.map((task) => ({ id: task.id, found: lintTask(ls, catalogue, task) })));
}

// Split tasks between workers, longest first onto the least loaded worker (cost ~ statement length).
// Each worker then runs its share shortest first: the analyser compiled to JavaScript is several times
// slower on a long statement while the JIT is still cold (8 s instead of 2 s for write_article's).
function share(tasks, workers) {
  const bins = Array.from({ length: workers }, () => ({ cost: 0, tasks: [] }));
  for (const task of [...tasks].sort((a, b) => b.query.length - a.query.length)) {
    const bin = bins.reduce((low, b) => (b.cost < low.cost ? b : low));
    bin.cost += task.query.length + 200;
    bin.tasks.push(task);
  }
  return bins.map((b) => b.tasks.reverse()).filter((t) => t.length > 0);
}

function runWorker(tasks) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: tasks });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`lint worker exited with ${code}`)));
  });
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const items = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  if (!Array.isArray(items)) throw new Error("stdin must be a JSON array");
  const versions = (process.env.CYPHER_LINT_VERSIONS || "CYPHER 5,CYPHER 25")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

  const results = items.map((item) => {
    const query = typeof item === "string" ? item : item && item.query;
    if (typeof query !== "string") throw new Error(`not a query: ${JSON.stringify(item)}`);
    const errors = query.trim() === "" ? [{ version: null, message: "empty statement" }] : [];
    return { query, errors, warnings: [] };
  });
  const tasks = [];
  items.forEach((item, index) => {
    const parameters = typeof item === "string" ? null : item.parameters || null;
    for (const version of versions) {
      tasks.push({ id: tasks.length, index, query: results[index].query, parameters, version });
    }
  });

  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const workers = Math.max(1, Math.min(Number(process.env.CYPHER_LINT_WORKERS) || Math.min(cores, 4), tasks.length));
  const done = (await Promise.all(share(tasks, workers).map(runWorker))).flat();
  // Diagnostics go back in task order, so the output does not depend on how the work was shared.
  done.sort((a, b) => a.id - b.id);
  for (const { id, found } of done) {
    const result = results[tasks[id].index];
    for (const { error, diagnostic: d } of found) (error ? result.errors : result.warnings).push(d);
  }
  process.stdout.write(JSON.stringify(results, null, 1) + "\n");
}

if (isMainThread) {
  main().catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  });
} else {
  workerMain();
}
