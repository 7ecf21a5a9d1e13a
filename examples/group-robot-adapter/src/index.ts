import { groupRobotAdapter } from './group-robot.adapter.js';

export { groupMessage } from './group-message.js';
export { groupRobotAdapter } from './group-robot.adapter.js';
export { type GroupRobotConfig, groupRobotConfig } from './group-robot.config.js';

/** What `adapterPackages` loads. */
export default groupRobotAdapter;
