import Foundation
import GleanerTestSupport
import Testing

/// The nightly-rebuild recipes in Scripts/systemd point at a script that exists and runs, and
/// say what the README promises (daily timer, Persistent=true, exit 75 not a failure).
@Suite struct InstallRecipeTests {
    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: RepoPaths.root + "/" + relative, encoding: .utf8)
    }

    @Test func systemdUnitsAreComplete() throws {
        let service = try read("Scripts/systemd/gleaner-rebuild.service")
        let timer = try read("Scripts/systemd/gleaner-rebuild.timer")
        #expect(service.contains("Type=oneshot"))
        #expect(service.contains("ExecStart=/opt/gleaner/Scripts/rebuild-index.sh ${CORPUS} ${INDEX}"))
        #expect(service.contains("SuccessExitStatus=75"))
        #expect(timer.contains("Persistent=true"))
        #expect(timer.contains("OnCalendar=*-*-* 02:30:00"))
        #expect(timer.contains("WantedBy=timers.target"))
        // Every section header is one systemd knows, and every setting line is key=value.
        for text in [service, timer] {
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
                #expect(line.hasPrefix("[") ? ["[Unit]", "[Service]", "[Timer]", "[Install]"].contains(String(line)) : line.contains("="), "bad line: \(line)")
            }
        }
    }

    @Test func crontabLineRunsTheScript() throws {
        let cron = try read("Scripts/systemd/crontab.example").split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(cron.count == 1)
        let fields = cron[0].split(separator: " ", maxSplits: 5)
        #expect(fields.count == 6)
        #expect(fields[0] == "30" && fields[1] == "2" && fields[2] == "*" && fields[3] == "*" && fields[4] == "*")
        #expect(fields[5].hasPrefix("/opt/gleaner/Scripts/rebuild-index.sh "))
        #expect(FileManager.default.isExecutableFile(atPath: RepoPaths.root + "/Scripts/rebuild-index.sh"))
        // The script's interface: [CORPUS] [INDEX], exit 75 documented.
        let script = try read("Scripts/rebuild-index.sh")
        #expect(script.contains("exit 75"))
        #expect(script.contains("flock -n 9"))
    }
}
