//! `synth`: a deterministic synthetic shop catalog of FAQ and product Q&A entries, as JSON
//! Lines, for benchmarks at sizes no real shop source reaches (10k, 100k, 1M entries).

use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Number of entries.
    #[arg(long, default_value_t = 10_000)]
    pub entries: usize,
    /// Random seed; the same seed gives the same catalog.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Also write N queries (`{"query", "faq_id"}`) to this file: paraphrases with dropped
    /// words, prefixes and typos of known entries.
    #[arg(long, value_name = "FILE")]
    pub queries: Option<std::path::PathBuf>,
    /// Number of queries to write.
    #[arg(long, default_value_t = 1000)]
    pub query_count: usize,
}

/// xorshift64*: small, fast and reproducible everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const PRODUCTS: &[&str] = &[
    "jacket",
    "parka",
    "fleece",
    "hoodie",
    "beanie",
    "gloves",
    "scarf",
    "boots",
    "trainers",
    "socks",
    "backpack",
    "tent",
    "sleeping bag",
    "headlamp",
    "water bottle",
    "trousers",
    "shorts",
    "leggings",
    "base layer",
    "rain cover",
    "gaiters",
    "poles",
    "stove",
    "mug",
    "cap",
    "vest",
    "sandals",
    "belt",
];
const ADJ: &[&str] = &[
    "waterproof",
    "insulated",
    "lightweight",
    "merino",
    "recycled",
    "packable",
    "windproof",
    "thermal",
    "organic",
    "reflective",
    "breathable",
    "stretch",
    "down",
    "synthetic",
    "vegan",
    "kids",
    "womens",
    "mens",
];
const COLOURS: &[&str] = &[
    "black", "navy", "olive", "red", "grey", "teal", "sand", "orange", "white", "plum",
];
const TOPICS: &[(&str, &[&str])] = &[
    (
        "Does the {p} come in {c}?",
        &["colour", "available", "stock", "variant"],
    ),
    (
        "Is the {a} {p} machine washable?",
        &["wash", "care", "temperature", "dry"],
    ),
    (
        "What size {p} should I order?",
        &["size", "fit", "chart", "measure"],
    ),
    (
        "How warm is the {a} {p}?",
        &["warmth", "rating", "temperature", "layer"],
    ),
    (
        "Can I return the {p} if it doesn't fit?",
        &["return", "refund", "days", "label"],
    ),
    (
        "How long does delivery take for the {p}?",
        &["delivery", "days", "dispatch", "courier"],
    ),
    (
        "Is the {a} {p} suitable for hiking?",
        &["hiking", "trail", "durable", "grip"],
    ),
    (
        "What is the {p} made of?",
        &["material", "fabric", "recycled", "polyester"],
    ),
    (
        "Does the {p} have a warranty?",
        &["warranty", "repair", "years", "guarantee"],
    ),
    (
        "How much does the {a} {p} weigh?",
        &["weight", "grams", "light", "pack"],
    ),
];
const FILLER: &[&str] = &[
    "our",
    "team",
    "tested",
    "every",
    "season",
    "customers",
    "usually",
    "recommend",
    "choosing",
    "model",
    "because",
    "after",
    "washing",
    "keeps",
    "shape",
    "outdoors",
    "mountain",
    "weather",
    "conditions",
    "inside",
    "pocket",
    "zip",
    "seams",
    "taped",
    "finish",
    "lasts",
    "longer",
    "than",
    "most",
    "others",
];

pub struct Item {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub tags: Vec<String>,
    pub key: Vec<String>,
}

pub fn item(rng: &mut Rng, n: usize) -> Item {
    let (tmpl, topic) = TOPICS[rng.below(TOPICS.len())];
    let (p, a, c) = (rng.pick(PRODUCTS), rng.pick(ADJ), rng.pick(COLOURS));
    // A model name makes each product distinct, as SKUs do in a real catalog.
    let model = format!(
        "{}{}",
        ["alp", "ridge", "summit", "trail", "fjord", "cairn"][rng.below(6)],
        n % 997
    );
    let question = tmpl
        .replace("{p}", &format!("{model} {p}"))
        .replace("{a}", a)
        .replace("{c}", c);
    let mut answer = String::new();
    for s in 0..2 + rng.below(3) {
        let mut words: Vec<&str> = (0..6 + rng.below(8)).map(|_| rng.pick(FILLER)).collect();
        words.insert(rng.below(words.len()), rng.pick(topic));
        if s == 0 {
            words.insert(0, p);
        }
        let mut sentence = words.join(" ");
        sentence[..1].make_ascii_uppercase();
        answer.push_str(&sentence);
        answer.push_str(". ");
    }
    Item {
        id: format!("q{n:07}"),
        question,
        answer: answer.trim_end().to_string(),
        tags: vec![topic[0].to_string(), p.to_string()],
        key: vec![model, p.to_string(), topic[0].to_string()],
    }
}

fn typo(rng: &mut Rng, w: &str) -> String {
    let mut b: Vec<u8> = w.bytes().collect();
    if b.len() >= 5 {
        let i = 1 + rng.below(b.len() - 2);
        b.swap(i, i + 1);
    }
    String::from_utf8(b).unwrap_or_else(|_| w.to_string())
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut rng = Rng::new(a.seed);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut keys = Vec::with_capacity(a.entries);
    for n in 0..a.entries {
        let it = item(&mut rng, n);
        writeln!(
            out,
            "{}",
            serde_json::json!({"id": it.id, "question": it.question, "answer": it.answer, "tags": it.tags})
        )?;
        keys.push((it.id, it.key));
    }
    out.flush()?;
    if let Some(path) = a.queries {
        let mut q = std::io::BufWriter::new(std::fs::File::create(path)?);
        for i in 0..a.query_count {
            let (id, key) = &keys[rng.below(keys.len())];
            let query = match i % 4 {
                0 => key[0].clone(),                              // single word (model)
                1 => format!("{} {} {}", key[0], key[1], key[2]), // multi-word question
                2 => format!("{} {}", key[0], &key[1][..key[1].len().min(3)]), // typing a prefix
                _ => format!("{} {}", typo(&mut rng, &key[0]), key[2]), // typo
            };
            let kind = ["word", "multi", "prefix", "typo"][i % 4];
            writeln!(
                q,
                "{}",
                serde_json::json!({"query": query, "faq_id": id, "kind": kind})
            )?;
        }
        q.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
