// Apollo Client's persisted-queries link against a running mineright (tests/api/apollo.rs).
// Usage: node client.mjs manifest OUT          writes the manifest of LISTED's document
//        node client.mjs apq URL TOKEN          automatic persisted queries, POST and GET
//        node client.mjs trusted URL TOKEN      a listed and an unlisted document
// Prints one JSON object: what each client got and what it sent.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { print } from "graphql";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const ME = gql`query Me { me { role } }`;
const LISTED = gql`query Listed { __typename }`;

/** A client of its own (nothing cached) that records each HTTP request it sends. */
function client(url, token, options = {}) {
  const sent = [];
  const fetch = async (uri, init) => {
    const body = init.body ? JSON.parse(init.body) : null;
    const target = new URL(uri);
    sent.push({
      method: init.method ?? "GET",
      withQuery: Boolean(body?.query ?? target.searchParams.get("query")),
      withHash: JSON.stringify(body ?? Object.fromEntries(target.searchParams)).includes("sha256Hash"),
    });
    return globalThis.fetch(uri, init);
  };
  const link = ApolloLink.from([
    new PersistedQueryLink({ sha256, ...options }),
    new HttpLink({ uri: url, fetch, headers: { authorization: `Bearer ${token}` } }),
  ]);
  return { apollo: new ApolloClient({ link, cache: new InMemoryCache() }), sent };
}

async function run(url, token, query, options) {
  const { apollo, sent } = client(url, token, options);
  try {
    const { data, error } = await apollo.query({ query, fetchPolicy: "no-cache", errorPolicy: "all" });
    return { data: data ?? null, codes: codes(error), sent };
  } catch (error) {
    return { data: null, codes: codes(error), sent };
  }
}

function codes(error) {
  if (!error) return [];
  const errors = error.errors ?? error.graphQLErrors ?? [];
  return errors.map((e) => e.extensions?.code ?? e.message);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "manifest") {
  const body = print(LISTED);
  const manifest = {
    format: "apollo-persisted-query-manifest",
    version: 1,
    operations: [{ id: sha256(body), name: "Listed", type: "query", body }],
  };
  writeFileSync(args[0], JSON.stringify(manifest));
} else if (mode === "apq") {
  const [url, token] = args;
  const first = await run(url, token, ME);
  const second = await run(url, token, ME);
  const overGet = await run(url, token, ME, { useGETForHashedQueries: true });
  console.log(JSON.stringify({ first, second, overGet }));
} else if (mode === "trusted") {
  const [url, token] = args;
  const listed = await run(url, token, LISTED);
  const unlisted = await run(url, token, ME);
  console.log(JSON.stringify({ listed, unlisted }));
} else {
  console.error("usage: node client.mjs manifest OUT | apq URL TOKEN | trusted URL TOKEN");
  process.exit(2);
}
