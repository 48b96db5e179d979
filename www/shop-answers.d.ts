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

export interface ShopAnswersApi {
  readonly version: string;
  init(options?: ShopAnswersInitOptions): Promise<boolean>;
  search(question: string): Promise<ShopAnswersHit[]>;
  open(): Promise<void>;
  close(): Promise<void>;
  ready(): Promise<boolean>;
  /** Returns a function that removes the listener. */
  on(event: ShopAnswersEvent, listener: (detail: string) => void): () => void;
}

declare global {
  interface Window {
    ShopAnswers: ShopAnswersApi;
  }
}
