// The peer engines as a shop developer would set them up for an FAQ, each following its own
// README: fields question + answer, question boosted where the library supports it, typo
// tolerance off and on where it offers a switch. Isomorphic: bench/peers.mjs and bench/scale.mjs
// (Node) and the pages of bench/browser.mjs pass in the loaded library (`lib`), so all measure
// the same code.
//
// Each engine: build(lib, docs, variant) → index; search(lib, index, query, variant) → ids, best
// first (at most 10); serialize(lib, index) → string (the library's documented persistence, what
// a site ships instead of building in the browser); load(lib, serialized, docs, variant) → index
// from that string. `texts`: whether the page also needs the documents to show an answer (the
// index keeps only ids); Orama's saved database holds the documents themselves. `variants` lists
// the typo-tolerance settings measured; `buildPerVariant`: each setting is its own index.

const LIMIT = 10;

const MINISEARCH = { fields: ["question", "answer"], idField: "id" };
const FUSE_KEYS = [{ name: "question", weight: 2 }, { name: "answer", weight: 1 }];
// ignoreLocation: Fuse's README recommends it for long fields (answers).
const FUSE_OPTIONS = { keys: FUSE_KEYS, ignoreLocation: true, includeScore: true };
const ORAMA_SCHEMA = { id: "string", question: "string", answer: "string" };

function flexDocument({ Document, Charset }, variant) {
  return new Document({
    document: { id: "id", index: ["question", "answer"] },
    tokenize: "forward",
    encoder: variant === "fuzzy" ? Charset.LatinSoundex : Charset.LatinBalance,
  });
}

export const ENGINES = {
  minisearch: {
    pkg: "minisearch",
    variants: ["exact", "fuzzy"],
    texts: true,
    build(MiniSearch, docs) {
      const ms = new MiniSearch(MINISEARCH);
      ms.addAll(docs);
      return ms;
    },
    search(_lib, ms, q, variant) {
      // README: boost a field, `prefix: true, fuzzy: 0.2` for search-as-you-type with typos.
      const opts = variant === "fuzzy" ? { boost: { question: 2 }, prefix: true, fuzzy: 0.2 } : { boost: { question: 2 } };
      return ms.search(q, opts).slice(0, LIMIT).map((r) => r.id);
    },
    serialize: (_lib, ms) => JSON.stringify(ms),
    load: (MiniSearch, json) => MiniSearch.loadJSON(json, MINISEARCH),
  },

  lunr: {
    pkg: "lunr",
    variants: ["exact", "fuzzy"],
    texts: true,
    build(lunr, docs) {
      return lunr(function () {
        this.ref("id");
        this.field("question", { boost: 2 });
        this.field("answer");
        for (const d of docs) this.add(d);
      });
    },
    search(lunr, idx, q, variant) {
      // User text through lunr's tokenizer into a programmatic query (the query-string syntax
      // would treat `:`, `~`, `^`, `-`, `+`, `*` in shoppers' questions as operators).
      const tokens = lunr.tokenizer(q).map((t) => t.toString()).filter(Boolean);
      if (!tokens.length) return [];
      const res = idx.query((query) => {
        for (const t of tokens) {
          query.term(t, {});
          if (variant === "fuzzy" && t.length >= 4) {
            query.term(t, { editDistance: 1, boost: 0.5, usePipeline: false });
            query.term(t, { wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5, usePipeline: false });
          }
        }
      });
      return res.slice(0, LIMIT).map((r) => r.ref);
    },
    serialize: (_lib, idx) => JSON.stringify(idx),
    load: (lunr, json) => lunr.Index.load(JSON.parse(json)),
  },

  flexsearch: {
    pkg: "flexsearch",
    // FlexSearch has no edit-distance fuzziness; its typo tolerance is a phonetic encoder.
    variants: ["exact", "fuzzy"],
    buildPerVariant: true,
    texts: true,
    build(FlexSearch, docs, variant = "exact") {
      const idx = flexDocument(FlexSearch, variant);
      for (const d of docs) idx.add(d);
      return idx;
    },
    search(_lib, idx, q) {
      const res = idx.search(q, { limit: LIMIT, suggest: true, merge: true });
      return res.slice(0, LIMIT).map((r) => (typeof r === "object" ? r.id : r));
    },
    // export() hands over the index in keyed parts (synchronously in 0.8 for an in-memory
    // index); import() takes them back into an index of the same configuration.
    serialize(_lib, idx) {
      const parts = {};
      idx.export((key, data) => { parts[key] = data; });
      return JSON.stringify(parts);
    },
    load(FlexSearch, json, _docs, variant = "exact") {
      const idx = flexDocument(FlexSearch, variant);
      for (const [key, data] of Object.entries(JSON.parse(json))) idx.import(key, data);
      return idx;
    },
  },

  fuse: {
    pkg: "fuse.js",
    // Fuse is approximate matching by design: one setting, its defaults plus ignoreLocation
    // and a weighted question key.
    variants: ["fuzzy"],
    texts: true,
    build(Fuse, docs) {
      const index = Fuse.createIndex(FUSE_KEYS, docs);
      return { fuse: new Fuse(docs, FUSE_OPTIONS, index), index };
    },
    search(_lib, f, q) {
      return f.fuse.search(q, { limit: LIMIT }).map((r) => r.item.id);
    },
    serialize: (_lib, f) => JSON.stringify(f.index.toJSON()),
    load(Fuse, json, docs) {
      const index = Fuse.parseIndex(JSON.parse(json));
      return { fuse: new Fuse(docs, FUSE_OPTIONS, index), index };
    },
  },

  orama: {
    pkg: "@orama/orama",
    variants: ["exact", "fuzzy"],
    texts: false,
    build(orama, docs) {
      const db = orama.create({ schema: ORAMA_SCHEMA });
      orama.insertMultiple(db, docs);
      return db;
    },
    search(orama, db, q, variant) {
      const r = orama.search(db, {
        term: q, properties: ["question", "answer"], boost: { question: 2 }, limit: LIMIT,
        ...(variant === "fuzzy" ? { tolerance: 1 } : {}),
      });
      return r.hits.map((h) => h.document.id);
    },
    serialize: (orama, db) => JSON.stringify(orama.save(db)),
    load(orama, json) {
      const db = orama.create({ schema: ORAMA_SCHEMA });
      orama.load(db, JSON.parse(json));
      return db;
    },
  },
};

/** The index a variant searches: engines that build one index for all their settings share it. */
export const indexVariant = (name, variant) => (ENGINES[name].buildPerVariant ? variant : "default");
