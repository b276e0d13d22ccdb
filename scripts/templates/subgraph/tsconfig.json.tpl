{ "extends": "__BASE_TSCONFIG__", "compilerOptions": { "outDir": "dist" }, "include": ["src", "test"] }
