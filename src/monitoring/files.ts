/** Where the shipped monitoring assets live (the same relative place from src/ and dist/). */
import { fileURLToPath } from 'node:url';

export const MONITORING_DIR = fileURLToPath(new URL('../../monitoring/', import.meta.url));
export const RULES_FILE = `${MONITORING_DIR}prometheus_alerts.yml`;
export const ALERTMANAGER_FILE = `${MONITORING_DIR}alertmanager.yml`;
export const DASHBOARD_FILE = `${MONITORING_DIR}grafana_dashboard_lunar.json`;
export const ACCEPTED_MUTANTS_FILE = `${MONITORING_DIR}mutants-accepted.yml`;
