const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const swc = [
  "@swc/jest",
  { jsc: { parser: { syntax: "typescript", tsx: true, decorators: true }, transform: { react: { runtime: "automatic" } } } },
]

module.exports = {
  transform: { "^.+\\.[jt]sx?$": swc },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.data/"],
  setupFiles: ["./integration-tests/setup.js"],
  testTimeout: 120000,
}

const byType = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s"],
  "integration:modules": ["**/src/modules/*/__tests__/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
  "integration:plugin": ["**/integration-tests/plugin/**/*.spec.[jt]s"],
  "integration:cluster": ["**/integration-tests/cluster/**/*.spec.[jt]s"],
  bench: ["**/integration-tests/bench/**/*.spec.[jt]s"],
  browser: ["**/integration-tests/browser/**/*.spec.[jt]s"],
}
if (byType[process.env.TEST_TYPE]) {
  module.exports.testMatch = byType[process.env.TEST_TYPE]
  if (process.env.TEST_TYPE === "integration:modules") {
    module.exports.testPathIgnorePatterns = ["\\.unit\\.spec\\.[jt]s$"]
  }
}
