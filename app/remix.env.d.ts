// Asset imports of the classic Remix compiler: `import href from "./x.css"` gives its URL.
/// <reference types="@remix-run/dev" />
