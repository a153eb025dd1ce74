// The site modules (sites that need more than the YAML registry's name, region and entry URLs).
import beijingMiyun from './beijing-miyun.js';

export const SITE_MODULES = [beijingMiyun];
