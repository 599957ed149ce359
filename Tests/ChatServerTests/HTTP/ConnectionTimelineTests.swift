import Testing

@testable import ChatServer

/// The deadlines of a chat connection as a state machine, with no sockets and no clock.
@Suite("Connection timeline")
struct ConnectionTimelineTests {
    @Test("a fresh connection is under the head deadline; a request's body under the body deadline; then nothing while answering")
    func oneRequest() {
        var timeline = ConnectionTimeline()
        #expect(ConnectionTimeline.first == .head)
        #expect(timeline.isCurrent(.head))
        #expect(timeline.bytesArrived() == nil, "the head deadline already runs")
        #expect(timeline.headRead(hasBody: true) == .body)
        #expect(timeline.isCurrent(.body) && !timeline.isCurrent(.head))
        timeline.requestRead()
        #expect(!timeline.isCurrent(.head) && !timeline.isCurrent(.body) && !timeline.isCurrent(.idle), "a held poll is under none")
        #expect(timeline.answerEnded() == .idle)
        #expect(timeline.isCurrent(.idle))
        #expect(timeline.bytesArrived() == .head, "a next request's first byte starts its head deadline")
        #expect(timeline.bytesArrived() == nil, "and later bytes do not move it")
    }

    @Test("pipelined requests: nothing is timed until every answer is written; a next request begun meanwhile gets the head deadline")
    func pipelined() {
        var timeline = ConnectionTimeline()
        #expect(timeline.headRead(hasBody: false) == nil)
        timeline.requestRead()
        #expect(timeline.headRead(hasBody: true) == nil, "owed an answer: no body deadline")
        timeline.requestRead()
        #expect(timeline.bytesArrived() == nil)
        #expect(timeline.answerEnded() == nil)
        #expect(timeline.inFlight == 1)
        #expect(timeline.answerEnded() == .head, "bytes of a third request came while answering")
        #expect(timeline.isCurrent(.head))
    }

    @Test("an answer ended with nothing read (a refusal from the head) leaves the connection idle, never negative")
    func earlyAnswer() {
        var timeline = ConnectionTimeline()
        _ = timeline.headRead(hasBody: true)
        #expect(timeline.answerEnded() == .idle)
        #expect(timeline.inFlight == 0)
    }
}
