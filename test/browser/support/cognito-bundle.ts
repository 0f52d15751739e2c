// The AWS SDK's Cognito credential providers as a browser app ships them: `@aws-sdk/credential-providers`
// bundled by esbuild for platform "browser" into an IIFE that defines `globalThis.cognitoProviders`
// (fromCognitoIdentity, fromCognitoIdentityPool), injected into a test page next to our own bundle.
//
// Why the alias: the package maps its Node entry to the browser one with an extensionless key
// (`"browser": { "./dist-es/index": "./dist-es/index.browser" }`) while its `module` field names
// `./dist-es/index.js`. esbuild tries the browser map with extensions appended, never stripped, so the key does not
// match; it bundles the Node index (fromIni, fromProcess, fromSSO, …) and fails on node:fs, node:child_process and
// the like. Pointing the bare import at the browser index is what the map means (webpack applies it as is).
import { build } from "esbuild";
import { repositoryRoot } from "./browser-session.js";

export const COGNITO_PROVIDERS_GLOBAL = "cognitoProviders";

let bundle: Promise<string> | undefined;

/** The bundle's text, built once per process (in memory). Rejects when it would need a Node built-in. */
export function cognitoProvidersBundle(): Promise<string> {
  bundle ??= (async () => {
    const result = await build({
      stdin: {
        contents: 'export { fromCognitoIdentity, fromCognitoIdentityPool } from "@aws-sdk/credential-providers";',
        resolveDir: repositoryRoot,
        sourcefile: "cognito-providers-entry.js",
        loader: "js",
      },
      alias: { "@aws-sdk/credential-providers": "@aws-sdk/credential-providers/dist-es/index.browser.js" },
      bundle: true,
      // platform "browser" makes esbuild refuse Node built-ins (there is no `external`), so a Node-only module
      // reaching the graph fails the build instead of failing later in the page.
      platform: "browser",
      format: "iife",
      globalName: COGNITO_PROVIDERS_GLOBAL,
      target: "es2022",
      write: false,
      logLevel: "warning",
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error("esbuild produced no Cognito providers bundle");
    return output.text;
  })();
  return bundle;
}
