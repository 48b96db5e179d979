// Type declarations for the shop-answers widget's browser API (`window.ShopAnswers`).

/** One ranked answer. */
export interface ShopAnswersHit {
  /** The entry's id in the shop's sources. */
  id: string;
  /** The entry's question. */
  question: string;
  /** Ranking score; comparable within one query only. */
  score: number;
  /** 0–1: share of the question's information the entry matches; below 0.5 the widget offers contact instead. */
  confidence: number;
}

/** Options for {@link ShopAnswersApi.init} (pages whose script tag has `data-manual`). */
export interface ShopAnswersInitOptions {
  /** URL of the answer bundle (default: the one built next to the loader). */
  bundle?: string;
  /** CSS selector of the element to render into (default: `[data-shop-answers-slot]`, else a floating launcher). */
  slot?: string;
}

/** Events the widget emits; listeners receive the event's detail. */
export type ShopAnswersEvent =
  | "answer-shown" // detail: entry id
  | "search" // detail: the query
  | "helpful" // detail: entry id
  | "not-helpful" // detail: entry id
  | "contact-sent"; // detail: message id

/** The page as the widget reads it ({@link ShopAnswersApi.context}). */
export interface ShopAnswersContext {
  /** "product", "order_confirmation", "cart", "category", "search", "help", "home" or "other". */
  page_type: string;
  /** The storefront platform its markup names ("shopify", "woocommerce", …), if any. */
  platform: string | null;
  /** The product the page shows: its SKU, handle, name and the like. */
  product: Record<string, unknown> | null;
  /** The order the page confirms: number, date, destination country and postcode. */
  order: Record<string, unknown> | null;
  /** The page's language (BCP 47). */
  lang: string | null;
  /** Why: one line per signal the reader took. */
  signals: string[];
}

/** Facts the page cannot show ({@link ShopAnswersApi.setContext}). */
export interface ShopAnswersStatedContext {
  page_type?: string;
  sku?: string;
  handle?: string;
  tags?: string[];
  collections?: string[];
  order_number?: string;
  country?: string;
  postcode?: string;
  [key: string]: unknown;
}

export interface ShopAnswersApi {
  readonly version: string;
  init(options?: ShopAnswersInitOptions): Promise<boolean>;
  search(question: string): Promise<ShopAnswersHit[]>;
  open(): Promise<void>;
  close(): Promise<void>;
  ready(): Promise<boolean>;
  /** The page as the widget reads it. */
  context(): Promise<ShopAnswersContext>;
  /** States facts the page cannot show, e.g. `{ page_type: "product", sku: "AB-1" }`. */
  setContext(context: ShopAnswersStatedContext): Promise<void>;
  /** Re-reads the page: call it after a client-side navigation or a variant change. */
  refresh(): Promise<void>;
  /** Opens the contact form, optionally prefilled (order_number, email, product_sku, …). */
  contact(prefill?: Record<string, string>): Promise<void>;
  /** Returns a function that removes the listener. */
  on(event: ShopAnswersEvent, listener: (detail: string) => void): () => void;
}

declare global {
  interface Window {
    ShopAnswers: ShopAnswersApi;
  }
}
