import AdminAPI
import DequeModule
import Foundation
import NIOConcurrencyHelpers
import OrderedCollections

/// The one global room: who is present under which nick, the recent history, and the rules for joining,
/// sending and leaving. Events go out through the ``PostOffice``.
///
/// The room's lock is always taken before the post office's, never the other way round, so membership
/// changes and their events are published in one order and a join's user list matches its cursor. Events
/// are posted under the room's lock but the held polls they answer are woken after it is released
/// (``PostOffice/Wakeups``): a broadcast to ten thousand polls holds up no join or send.
public final class Room: Sendable {
    private struct State {
        var nextID: UInt64 = 0
        /// In order of joining, so listing people needs no sort.
        var members: OrderedDictionary<SessionID, Member> = [:]
        var byToken: [SessionToken: SessionID] = [:]
        var byNick: [String: SessionID] = [:]
        /// Tokens of sessions that ended, kept a while so their last poll can collect the final event.
        var departed: [SessionToken: (id: SessionID, at: Date)] = [:]
        /// The last ``Room/removableLimit`` messages, oldest first: a join's history is the newest of them
        /// not removed, and a moderator can take any of them back.
        var recent: Deque<SentMessage> = []
        var messagesTotal = 0
        var messagesRemoved = 0
        /// The public listing of the first ``Room/joinUsersLimit`` members, as a join answers with it; nil
        /// when they changed since it was last encoded.
        var joinListing: [UInt8]?

        /// Changes a member in place; false if there is no such member. (`members[id]?.x = …` on an
        /// OrderedDictionary copies the whole member out and back, on every poll.)
        @discardableResult
        mutating func updateMember(_ id: SessionID, _ change: (inout Member) -> Void) -> Bool {
            guard let index = members.index(forKey: id) else { return false }
            change(&members.values[index])
            return true
        }
    }

    private let state = NIOLockedValueBox(State())
    public let postOffice: PostOffice
    /// The rules every join and message is checked against.
    let moderation: Moderation
    private let clock: any ChatClock
    /// How long a session may neither poll nor send before it leaves.
    public let idleTimeout: TimeInterval
    /// How many recent messages a join receives.
    public let historyLimit: Int

    init(postOffice: PostOffice, moderation: Moderation? = nil, clock: any ChatClock, idleTimeout: TimeInterval, historyLimit: Int = 50) {
        self.postOffice = postOffice
        self.moderation = moderation ?? Moderation(clock: clock)
        self.clock = clock
        self.idleTimeout = idleTimeout
        self.historyLimit = historyLimit
    }

    // MARK: Joining and leaving

    /// Admits a person under a nick, after the moderation rules: bans, the host's join rate and session cap.
    /// - Parameters:
    ///   - rawNick: the nick as typed; validated here.
    ///   - host: the address the request came from.
    public func join(nick rawNick: String, host: String) throws(RoomError) -> JoinTicket {
        let nick = try Nick(validating: rawNick)
        let address = IPAddress(host)
        let now = clock.now()
        let token = SessionToken.random()
        var wakeups = PostOffice.Wakeups()
        var followUps: [RuleFollowUp] = []
        let result: Result<JoinTicket, RoomError> = state.withLockedValue { state in
            guard state.byNick[nick.key] == nil else {
                return .failure(RoomError(.nickTaken, "the nick '\(nick)' is taken; choose another"))
            }
            let id = SessionID(state.nextID + 1)
            do throws(RoomError) {
                try moderation.admitJoin(id, nick: nick, address: address)
            } catch {
                return .failure(error)
            }
            let ruling = moderation.automod.checkJoin(nick: nick, address: address, at: now)
            followUps = ruling.followUps
            if let refusal = ruling.refusal {
                moderation.sessionEnded(id)
                return .failure(refusal)
            }
            state.nextID += 1
            let member = Member(id: id, token: token, nick: nick, host: host, address: address, joinedAt: now, lastSeen: now)
            state.members[id] = member
            state.byToken[token] = id
            state.byNick[nick.key] = id
            let cursor = postOffice.openMailbox(for: id)
            let mute = moderation.longestMute(nick: nick, address: address)
            let joined = ChatEvent(kind: .join, nick: nick.display, at: now, expiresAt: mute?.expiresAt, muted: mute.map { _ in true })
            wakeups = postOffice.post(joined).1
            if state.members.count <= Self.joinUsersLimit { state.joinListing = nil }
            let users = state.joinListing ?? publicListing(state.members.values.prefix(Self.joinUsersLimit))
            state.joinListing = users
            return .success(
                JoinTicket(
                    token: token,
                    member: member,
                    cursor: cursor,
                    usersJSON: users,
                    usersTotal: state.members.count,
                    history: history(of: state)
                )
            )
        }
        wakeups.deliver()
        moderation.automod.hand(followUps)
        return try result.get()
    }

    /// Ends a session by its own wish.
    public func leave(token: SessionToken) throws(RoomError) {
        let id = try session(for: token)
        remove(id, because: .left)
    }

    /// Removes a moderator's target from the room. Their held poll ends at once with a kick event carrying
    /// the reason and `reconnect: false`; the room sees the kick.
    /// - Returns: the person removed.
    @discardableResult
    public func kick(nick rawNick: String, reason: String?, actor: String) throws(RoomError) -> Member {
        let now = clock.now()
        var wakeups = PostOffice.Wakeups()
        let member: Member? = state.withLockedValue { state in
            guard let nick = try? Nick(validating: rawNick), let id = state.byNick[nick.key], let member = state.members[id] else {
                return nil
            }
            removeLocked(id, because: .kicked(reason: reason, actor: actor), at: now, in: &state, waking: &wakeups)
            return member
        }
        wakeups.deliver()
        guard let member else { throw RoomError(.noSuchNick, "nobody called '\(rawNick)' is in the room") }
        return member
    }

    /// Removes a session and tells the room why. The person's own mailbox gets a last event of the same
    /// kind with `reconnect: false`.
    public func remove(_ id: SessionID, because departure: Departure) {
        let now = clock.now()
        var wakeups = PostOffice.Wakeups()
        state.withLockedValue { removeLocked(id, because: departure, at: now, in: &$0, waking: &wakeups) }
        wakeups.deliver()
    }

    /// Removes a session under the room's lock; the polls its events answer are added to `wakeups`.
    private func removeLocked(
        _ id: SessionID,
        because departure: Departure,
        at now: Date,
        in state: inout State,
        waking wakeups: inout PostOffice.Wakeups
    ) {
        guard let index = state.members.index(forKey: id) else { return }
        if index < Self.joinUsersLimit { state.joinListing = nil }
        let member = state.members.remove(at: index).value
        moderation.sessionEnded(id)
        state.byToken[member.token] = nil
        state.byNick[member.nick.key] = nil
        state.departed[member.token] = (id, now)
        let event = ChatEvent(
            kind: departure.kind,
            nick: member.nick.display,
            at: now,
            reason: departure.reason,
            expiresAt: departure.expiresAt,
            actor: departure.actor
        )
        var last = event
        last.reconnect = false
        wakeups.append(postOffice.closingMailbox(for: id, lastEvent: last))
        wakeups.append(postOffice.post(event).1)
    }

    /// A notice from the moderators to everyone. Same rules as a message: one line, 1 to 500 characters.
    @discardableResult
    public func announce(_ rawText: String, actor: String) throws(RoomError) -> EncodedEvent {
        let text = try MessageText(validating: rawText)
        return postOffice.publish(ChatEvent(kind: .announcement, text: text.value, at: clock.now(), actor: actor))
    }

    /// Removes everyone a ban covers, each with a ban event carrying the reason and expiry.
    /// - Returns: who was removed.
    @discardableResult
    func removeMatching(_ target: ModerationTarget, because departure: Departure) -> [Member] {
        let now = clock.now()
        var wakeups = PostOffice.Wakeups()
        let hit: [Member] = state.withLockedValue { state in
            let hit = state.members.values.filter { target.matches(nick: $0.nick, address: $0.address) }
            for member in hit { removeLocked(member.id, because: departure, at: now, in: &state, waking: &wakeups) }
            return hit
        }
        wakeups.deliver()
        return hit
    }

    /// Everyone a target covers, in order of joining.
    func members(matching target: ModerationTarget) -> [Member] {
        members().filter { target.matches(nick: $0.nick, address: $0.address) }
    }

    /// Tells the room of a moderation event (a mute, an unmute) about a person.
    @discardableResult
    func publishModeration(_ kind: EventKind, nick: String?, text: String? = nil, reason: String?, expiresAt: Date?, actor: String) -> EncodedEvent {
        if kind == .mute || kind == .unmute { mutesChanged() }
        return postOffice.publish(ChatEvent(kind: kind, nick: nick, text: text, at: clock.now(), reason: reason, expiresAt: expiresAt, actor: actor))
    }

    /// Mutes were added or lifted: the people listing a join answers with shows who is muted, so it is
    /// encoded afresh at the next join.
    func mutesChanged() {
        state.withLockedValue { $0.joinListing = nil }
    }

    /// Gives a session a moderator's account and role (signed in from the page) and tells the room with a
    /// `moderator` event.
    func signIn(_ id: SessionID, account: String, role: Role) throws(RoomError) {
        let now = clock.now()
        let nick: String? = state.withLockedValue { state in
            var nick: String?
            state.updateMember(id) { member in
                member.moderator = (account, role)
                nick = member.nick.display
            }
            state.joinListing = nil
            return nick
        }
        guard let nick else { throw Self.unknownSession }
        postOffice.publish(ChatEvent(kind: .moderator, nick: nick, text: "\(nick) is a moderator", at: now, actor: account))
    }

    /// The member behind a session.
    func member(_ id: SessionID) -> Member? {
        state.withLockedValue { $0.members[id] }
    }

    /// A person as moderators see them, with whether a poll of theirs is held now.
    func userInfo(_ member: Member) -> UserInfo {
        let (lastSeen, polling) = lastActive(member)
        return UserInfo(
            nick: member.nick.display,
            host: member.host,
            joinedAt: member.joinedAt,
            lastSeen: lastSeen,
            messages: member.messagesSent,
            polling: polling
        )
    }

    /// The person present under a nick (without regard to case), if any.
    public func member(nick rawNick: String) -> Member? {
        guard let nick = try? Nick(validating: rawNick) else { return nil }
        return state.withLockedValue { state in state.byNick[nick.key].flatMap { state.members[$0] } }
    }

    // MARK: Sessions

    /// The session a token names, marking it as seen. Throws `unknown_session` for anything else.
    @discardableResult
    public func session(for token: SessionToken) throws(RoomError) -> SessionID {
        let now = clock.now()
        let id: SessionID? = state.withLockedValue { state in
            guard let id = state.byToken[token] else { return nil }
            state.updateMember(id) { $0.lastSeen = now }
            return id
        }
        guard let id else { throw Self.unknownSession }
        return id
    }

    /// The session a poll's token names: a live one, or one that just ended and still has a last event to
    /// collect.
    public func pollingSession(for token: SessionToken) throws(RoomError) -> SessionID {
        if let id = try? session(for: token) { return id }
        if let departed = state.withLockedValue({ $0.departed[token] }) { return departed.id }
        throw Self.unknownSession
    }

    // MARK: Polling

    /// A fresh id for a poll about to wait (see ``PostOffice/makeWaiterID()``).
    public func makeWaiterID() -> UInt64 { postOffice.makeWaiterID() }

    /// A session's poll (see ``PostOffice/poll(_:since:waiterID:isAbandoned:deliver:)``). The session is
    /// seen when its poll begins (``pollingSession(for:)``) and when it is answered (the post office notes
    /// that, see ``lastActive(_:)``), never idle while one is held.
    public func poll(
        _ id: SessionID,
        since: UInt64?,
        waiterID: UInt64,
        isAbandoned: () -> Bool = { false },
        deliver: @escaping @Sendable (PollOutcome) -> Void
    ) {
        postOffice.poll(id, since: since, waiterID: waiterID, isAbandoned: isAbandoned, deliver: deliver)
    }

    /// The same, awaited.
    public func poll(_ id: SessionID, since: UInt64?, waiterID: UInt64, isAbandoned: @Sendable () -> Bool = { false }) async -> PollOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<PollOutcome, Never>) in
            poll(id, since: since, waiterID: waiterID, isAbandoned: isAbandoned) { continuation.resume(returning: $0) }
        }
    }

    /// Ends a held poll whose client went away.
    public func abandonPoll(_ id: SessionID, waiterID: UInt64) {
        postOffice.abandon(id, waiterID: waiterID)
    }

    /// What the session's poll would be answered with now, without waiting (see ``PostOffice/peek(_:)``).
    public func peek(_ id: SessionID) -> PollOutcome {
        postOffice.peek(id)
    }

    /// When a member was last active: a send, the start of a poll, or a poll's answer.
    private func lastActive(_ member: Member) -> (Date, isWaiting: Bool) {
        let activity = postOffice.activity(member.id)
        return (max(member.lastSeen, activity.lastAnswered ?? member.lastSeen), activity.isWaiting)
    }

    /// How many polls are held right now.
    public var heldPolls: Int { postOffice.heldPolls }

    /// The newest sequence number given out.
    public var lastSeq: UInt64 { postOffice.lastSeq }

    /// The moderators' event stream.
    public var journal: EventJournal { postOffice.journal }

    private static let unknownSession = RoomError(.unknownSession, "unknown or expired session: join again")

    // MARK: Messages

    /// Publishes a message from a session to everyone, the sender included, unless the person is muted or
    /// over the message rate. A rate refusal is told to the moderators' event stream.
    @discardableResult
    public func send(token: SessionToken, text rawText: String) throws(RoomError) -> EncodedEvent {
        let id = try session(for: token)
        let text = try MessageText(validating: rawText)
        let now = clock.now()
        var wakeups = PostOffice.Wakeups()
        var followUps: [RuleFollowUp] = []
        let result: Result<EncodedEvent, RoomError> = state.withLockedValue { state in
            guard let member = state.members[id] else { return .failure(Self.unknownSession) }
            do throws(RoomError) {
                try moderation.admitMessage(id, nick: member.nick, address: member.address)
            } catch {
                if error.code == .rateLimited {
                    wakeups =
                        postOffice.post(ChatEvent(kind: .rateLimited, nick: member.nick.display, at: now, reason: error.message), to: .moderators).1
                }
                return .failure(error)
            }
            let byNick = state.byNick
            var verdict = moderation.automod.check(
                text: text.value,
                nick: member.nick,
                address: member.address,
                isModerator: member.moderator != nil,
                isPresent: { byNick[$0] != nil },
                at: now
            )
            if let refusal = verdict.refusal {
                followUps = verdict.followUps
                return .failure(refusal)
            }
            state.updateMember(id) { $0.messagesSent += 1 }
            state.messagesTotal += 1
            let event: EncodedEvent
            (event, wakeups) = postOffice.post(ChatEvent(kind: .message, nick: member.nick.display, text: text.value, at: now))
            state.recent.append(SentMessage(event: event, sender: member.nick, address: member.address))
            if state.recent.count > max(Self.removableLimit, historyLimit) { state.recent.removeFirst() }
            for index in verdict.followUps.indices { verdict.followUps[index].seq = event.seq }
            followUps = verdict.followUps
            return .success(event)
        }
        wakeups.deliver()
        moderation.automod.hand(followUps)
        return try result.get()
    }

    // MARK: Taking messages back

    /// How many recent messages a moderator can take back; a page keeps no more lines than this.
    public static let removableLimit = 1000

    /// The newest ``historyLimit`` messages not taken back, oldest first.
    private func history(of state: State) -> [EncodedEvent] {
        var newestFirst: [EncodedEvent] = []
        newestFirst.reserveCapacity(min(historyLimit, state.recent.count))
        for message in state.recent.reversed() where !message.removed {
            guard newestFirst.count < historyLimit else { break }
            newestFirst.append(message.event)
        }
        return newestFirst.reversed()
    }

    /// Takes back one message by its sequence number: the room gets a `removed` event, and the history a
    /// join receives no longer holds it.
    /// - Parameter reason: for moderators only (see ``ChatEvent/moderatorReason``).
    func removeMessage(seq: UInt64, reason: String?, actor: String) throws(RoomError) -> SentMessage {
        guard let removed = takeBack(reason: reason, actor: actor, { $0.event.seq == seq }).first else {
            throw RoomError(
                .noSuchMessage,
                "no message #\(seq) to remove: it was removed already, was not a message, or is older than the last \(Self.removableLimit)"
            )
        }
        return removed
    }

    /// Takes back every message `target` sent since `since` (by nick, or by the address it came from), in
    /// one `removed` event. - Returns: what was taken back, oldest first; empty if nothing matched.
    func purge(_ target: ModerationTarget, since: Date, reason: String?, actor: String) -> [SentMessage] {
        takeBack(reason: reason, actor: actor) { $0.sent(by: target, since: since) }
    }

    /// A message still shown (among the last ``removableLimit``, not taken back), by its number.
    func sentMessage(seq: UInt64) -> SentMessage? {
        state.withLockedValue { state in state.recent.last { $0.event.seq == seq && !$0.removed } }
    }

    /// Tells the moderators of a report: the admin event stream, and every page signed in as a moderator.
    func publishReport(_ report: Report, reporter: String, reason: String?) {
        let moderators = state.withLockedValue { state in state.members.values.filter { $0.moderator != nil }.map(\.id) }
        var event = ChatEvent(kind: .report, nick: report.nick, text: report.text, at: clock.now(), reason: reason, actor: reporter)
        event.report = report.id
        event.message = report.seq
        event.reporter = reporter
        event.reporters = report.reporters.count
        postOffice.publish(event, to: .moderatorsAnd(moderators))
    }

    /// What ``purge(_:since:reason:actor:)`` would take back, changing nothing.
    func messages(of target: ModerationTarget, since: Date) -> [SentMessage] {
        state.withLockedValue { state in
            state.recent.filter { !$0.removed && $0.sent(by: target, since: since) }
        }
    }

    private func takeBack(reason: String?, actor: String, _ picked: (SentMessage) -> Bool) -> [SentMessage] {
        let now = clock.now()
        var wakeups = PostOffice.Wakeups()
        let taken: [SentMessage] = state.withLockedValue { state in
            var taken: [SentMessage] = []
            for index in state.recent.indices where !state.recent[index].removed && picked(state.recent[index]) {
                state.recent[index].removed = true
                taken.append(state.recent[index])
            }
            guard !taken.isEmpty else { return [] }
            state.messagesRemoved += taken.count
            let senders = Set(taken.map(\.sender.display))
            let event = ChatEvent(
                kind: .removed,
                nick: senders.count == 1 ? senders.first : nil,
                at: now,
                actor: actor,
                removed: taken.map(\.event.seq),
                moderatorReason: reason
            )
            wakeups = postOffice.post(event).1
            return taken
        }
        wakeups.deliver()
        return taken
    }

    // MARK: Reading

    /// Everyone present, in order of joining.
    public func members() -> [Member] {
        state.withLockedValue { Array($0.members.values) }
    }

    /// The public listing of everyone present (`GET /api/users`): see ``Member/writePublicListing(to:mute:)``.
    public func publicListing() -> [UInt8] {
        publicListing(members())
    }

    private func publicListing(_ members: some Sequence<Member>) -> [UInt8] {
        let members = Array(members)
        return Member.publicListing(members, mutes: moderation.longestMutes(members.map { ($0.nick, $0.address) }))
    }

    /// How many people a join's answer lists; the rest are counted (`users_total`) and can be read from
    /// `GET /api/users`. Listing everyone to everyone who joins would cost O(people) per join.
    public static let joinUsersLimit = 200

    /// How many people are present.
    public var memberCount: Int { state.withLockedValue { $0.members.count } }

    /// Messages sent since the server started.
    public var messagesTotal: Int { state.withLockedValue { $0.messagesTotal } }

    /// Messages taken back since the server started.
    public var messagesRemoved: Int { state.withLockedValue { $0.messagesRemoved } }

    // MARK: Housekeeping

    /// Removes every session that has neither polled nor sent for the idle timeout and holds no poll, and
    /// forgets departed sessions whose last event was not collected in time.
    /// - Returns: the nicks that were removed.
    @discardableResult
    public func expireIdle() -> [Nick] {
        let now = clock.now()
        let cutoff = now.addingTimeInterval(-idleTimeout)
        var wakeups = PostOffice.Wakeups()
        let removed: [Nick] = state.withLockedValue { state in
            state.departed = state.departed.filter { $0.value.at >= cutoff }
            let idle = state.members.values.filter { member in
                guard member.lastSeen < cutoff else { return false }
                let (lastActive, isWaiting) = lastActive(member)
                return lastActive < cutoff && !isWaiting
            }
            for member in idle {
                removeLocked(member.id, because: .idle, at: now, in: &state, waking: &wakeups)
            }
            return idle.map(\.nick)
        }
        wakeups.deliver()
        postOffice.sweep(closedBefore: cutoff)
        return removed
    }
}
