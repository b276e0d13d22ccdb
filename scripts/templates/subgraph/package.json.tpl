{
  "name": "@accords/__NAME__",
  "version": "0.1.0",
  "private": true,
  "description": "The __NAME__ subgraph, owned by __OWNER__",
  "main": "src/index.ts",
  "types": "src/index.ts",
  "scripts": {
    "typecheck": "tsc -p tsconfig.json --noEmit",
    "build": "tsc -p tsconfig.json --noEmit",
    "test": "cd ../../ && jest subgraphs/__NAME__",
    "start": "TSX_TSCONFIG_PATH=../../tsconfig.base.json node --import tsx src/main.ts",
    "dev": "TSX_TSCONFIG_PATH=../../tsconfig.base.json tsx watch src/main.ts"
  },
  "dependencies": {
    "@accords/auth": "0.1.0",
    "@accords/config": "0.1.0",
    "@accords/db": "0.1.0",
    "@accords/errors": "0.1.0",
    "@accords/logger": "0.1.0",
    "@accords/subgraph-kit": "0.1.0",
    "@apollo/subgraph": "2.14.4",
    "dataloader": "2.2.3",
    "graphql": "16.15.0",
    "typeorm": "0.3.28"
  },
  "devDependencies": {
    "@accords/testkit": "0.1.0"
  }
}
