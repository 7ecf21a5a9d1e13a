export { buildDemoDataset, type SeedDemoOptions, type SeedDemoResult, seedDemoData } from './demo-seed.js';
