import ArgumentParser
import Foundation
import Render
import Workflow

struct BenchWorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-workflow", abstract: "placeholder")
    func run() async throws {}
}
