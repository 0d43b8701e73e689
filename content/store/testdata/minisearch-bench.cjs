// MiniSearch side of `make bench-compare`: reads documents (JSON lines) from
// the file named by argv[2], indexes them as the Integreat app configures
// MiniSearch, then answers one query per stdin line with one JSON line:
// the time the search took and the ids found, best first. Node's own
// clock times only the search call, as the Go side times only Search.
const { createRequire } = require('module')
const fs = require('fs')
const readline = require('readline')

const dir = process.env.MINISEARCH_DIR
const MiniSearch = createRequire(dir + '/package.json')('minisearch')

const docs = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l))
const ms = new MiniSearch({
  fields: ['title', 'content'],
  storeFields: ['ref', 'scope'],
  searchOptions: { boost: { title: 2 }, fuzzy: 0.25, prefix: true, combineWith: 'AND' }
})
ms.addAll(docs)
process.stdout.write(JSON.stringify({ ready: docs.length }) + '\n')

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', line => {
  const { q, country } = JSON.parse(line)
  const filter = country ? r => r.scope === 'cc' + country || r.scope === 'ccall' : undefined
  const start = process.hrtime.bigint()
  const res = ms.search(q, { filter })
  const ns = Number(process.hrtime.bigint() - start)
  // Results are translations; the reader sees each item once.
  const seen = new Set()
  const ids = []
  for (const r of res) {
    if (!seen.has(r.ref)) {
      seen.add(r.ref)
      ids.push(r.ref)
      if (ids.length === 5) break
    }
  }
  process.stdout.write(JSON.stringify({ ns, ids }) + '\n')
})
