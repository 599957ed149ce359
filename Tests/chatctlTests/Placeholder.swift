import Testing
@Test func placeholderC() {}
