// Jest global setup: make the encrypted test vault from ansible/vault.example.yml (scripts/test-vault.sh) when the
// tool cache has ansible-vault. Without it nothing is made, and every test that needs the vault fails loudly through
// requireTool('ansible-vault') — never silently.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..');
  const tools = process.env.HOMELAB_TOOLS_DIR || path.join(os.homedir(), '.cache', 'homelab-platform-stack');
  if (!fs.existsSync(path.join(tools, 'venv', 'bin', 'ansible-vault'))) return;
  const r = spawnSync('bash', [path.join(root, 'scripts', 'test-vault.sh')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/test-vault.sh failed: ${r.stderr}`);
};
