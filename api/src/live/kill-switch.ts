import type { Keyspace, KillSwitchDoc, Storage } from '@algo/runtime';
import type { Logger } from 'pino';
import { ApiError } from '../errors.js';

export type KillScope = 'global' | 'user';

export interface KillSwitchView {
  readonly scope: KillScope;
  readonly engaged: boolean;
  readonly reason?: string;
  readonly at?: Date;
  readonly by?: string;
}

/**
 * The kill switches — one global, one per user. Halted means exits and cancels only (the
 * live engine enforces it before every order). MongoDB holds the switch
 * (`system_config.kill_switch`, `users.kill_switch`) so it survives a Redis flush; Redis
 * holds the copy the engine reads on every order (`system:kill_switch`,
 * `user:{id}:kill_switch`), and `stream:control` wakes the engine at once. Only accounts
 * listed in `admins` may throw the global switch.
 */
export class KillSwitches {
  constructor(
    private readonly storage: Storage,
    private readonly keyspace: Keyspace,
    private readonly admins: readonly string[],
    private readonly log: Logger,
  ) {}

  async set(userId: string, scope: KillScope, engaged: boolean, reason?: string): Promise<KillSwitchView> {
    const user = await this.storage.users.get(userId);
    if (!user) throw new ApiError('UNAUTHORIZED', 'this account no longer exists');
    const why = reason ?? (engaged ? 'engaged by user' : 'released');
    const at = new Date();
    let doc: KillSwitchDoc | undefined;
    if (scope === 'global') {
      if (!this.admins.includes(user.email)) throw new ApiError('FORBIDDEN', 'only an administrator (see `admins` in the server configuration) can use the global kill switch');
      doc = { engaged, reason: why, at, by: user.email };
      await this.storage.systemConfig.update({ kill_switch: doc });
    } else {
      doc = (await this.storage.users.setKillSwitch(userId, engaged, why, user.email))?.kill_switch;
    }
    const redisUser = scope === 'global' ? undefined : userId;
    if (engaged) await this.keyspace.system.engageKillSwitch({ reason: why, at: at.getTime(), by: user.email }, redisUser);
    else await this.keyspace.system.releaseKillSwitch(redisUser);
    await this.keyspace.streams.control.publish({ action: 'kill_switch', scope, ...(redisUser ? { user_id: redisUser } : {}), engaged, reason: why, at: at.getTime() });
    this.log.warn({ scope, engaged, user_id: userId }, engaged ? 'kill switch engaged' : 'kill switch released');
    await this.storage.systemLogs
      .write([{ level: 'WARNING', component: 'api', message: `${scope} kill switch ${engaged ? 'engaged' : 'released'} by ${user.email}: ${why}` }])
      .catch((err: unknown) => this.log.warn({ err }, 'system_logs write failed'));
    return { scope, engaged, reason: why, at: doc?.at ?? at, by: user.email };
  }

  /** The switches that apply to a user. */
  async get(userId: string): Promise<KillSwitchView[]> {
    const [cfg, user] = await Promise.all([this.storage.systemConfig.get(), this.storage.users.get(userId)]);
    const view = (scope: KillScope, d: KillSwitchDoc | undefined): KillSwitchView =>
      d ? { scope, engaged: d.engaged, ...(d.reason ? { reason: d.reason } : {}), at: d.at, ...(d.by ? { by: d.by } : {}) } : { scope, engaged: false };
    return [view('global', cfg?.kill_switch), view('user', user?.kill_switch)];
  }

  /**
   * Copies every engaged switch from MongoDB into Redis (at start-up: Redis may have been
   * flushed or replaced). Returns how many are engaged.
   */
  async syncToRedis(): Promise<number> {
    let n = 0;
    const cfg = await this.storage.systemConfig.get();
    const g = cfg?.kill_switch;
    if (g?.engaged) {
      await this.keyspace.system.engageKillSwitch({ reason: g.reason ?? 'engaged', at: g.at.getTime(), ...(g.by ? { by: g.by } : {}) });
      n++;
    } else {
      await this.keyspace.system.releaseKillSwitch();
    }
    for (const u of await this.storage.users.listWithKillSwitch()) {
      const k = u.kill_switch!;
      await this.keyspace.system.engageKillSwitch({ reason: k.reason ?? 'engaged', at: k.at.getTime(), ...(k.by ? { by: k.by } : {}) }, u._id);
      n++;
    }
    return n;
  }
}
