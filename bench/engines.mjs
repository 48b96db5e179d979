// The peer engines as a shop developer would set them up for an FAQ, each following its own
// README: fields question + answer, question boosted where the library supports it, typo
// tolerance off and on where it offers a switch. Isomorphic: bench/peers.mjs (Node) and the
// pages of bench/browser.mjs pass in the loaded library (`lib`), so both measure the same code.
//
// Each engine: build(lib, docs) → index; search(lib, index, query, variant) → ids, best first
// (at most 10); serialize(lib, index) → string | null (what a site would ship instead of
// building in the browser). `variants` lists the typo-tolerance settings measured.

const LIMIT = 10;

export const ENGINES = {
  minisearch: {
    pkg: "minisearch",
    variants: ["exact", "fuzzy"],
    build(MiniSearch, docs) {
      const ms = new MiniSearch({ fields: ["question", "answer"], idField: "id" });
      ms.addAll(docs);
      return ms;
    },
    search(_lib, ms, q, variant) {
      // README: boost a field, `prefix: true, fuzzy: 0.2` for search-as-you-type with typos.
      const opts = variant === "fuzzy" ? { boost: { question: 2 }, prefix: true, fuzzy: 0.2 } : { boost: { question: 2 } };
      return ms.search(q, opts).slice(0, LIMIT).map((r) => r.id);
    },
    serialize: (_lib, ms) => JSON.stringify(ms),
  },

  lunr: {
    pkg: "lunr",
    variants: ["exact", "fuzzy"],
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
  },

  flexsearch: {
    pkg: "flexsearch",
    // FlexSearch has no edit-distance fuzziness; its typo tolerance is a phonetic encoder.
    variants: ["exact", "fuzzy"],
    build(FlexSearch, docs, variant = "exact") {
      const { Document, Charset } = FlexSearch;
      const idx = new Document({
        document: { id: "id", index: ["question", "answer"] },
        tokenize: "forward",
        encoder: variant === "fuzzy" ? Charset.LatinSoundex : Charset.LatinBalance,
      });
      for (const d of docs) idx.add(d);
      return idx;
    },
    buildPerVariant: true,
    search(_lib, idx, q) {
      const res = idx.search(q, { limit: LIMIT, suggest: true, merge: true });
      return res.slice(0, LIMIT).map((r) => (typeof r === "object" ? r.id : r));
    },
    serialize(_lib, idx) {
      const parts = {};
      idx.export((key, data) => { parts[key] = data; });
      return JSON.stringify(parts);
    },
  },

  fuse: {
    pkg: "fuse.js",
    // Fuse is approximate matching by design: one setting, its defaults plus ignoreLocation
    // (recommended for long fields) and a weighted question key.
    variants: ["fuzzy"],
    build(Fuse, docs) {
      const keys = [{ name: "question", weight: 2 }, { name: "answer", weight: 1 }];
      const index = Fuse.createIndex(keys, docs);
      return { fuse: new Fuse(docs, { keys, ignoreLocation: true, includeScore: true }, index), index };
    },
    search(_lib, f, q) {
      return f.fuse.search(q, { limit: LIMIT }).map((r) => r.item.id);
    },
    serialize: (_lib, f) => JSON.stringify(f.index.toJSON()),
  },

  orama: {
    pkg: "@orama/orama",
    variants: ["exact", "fuzzy"],
    build(orama, docs) {
      const db = orama.create({ schema: { id: "string", question: "string", answer: "string" } });
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
  },
};
