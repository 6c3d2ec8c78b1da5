package io.anycable.spring.conformance.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the suite finds the repository and writes its logs. Failsafe passes both as
 * system properties; run from an IDE the defaults assume the module directory as working
 * directory.
 */
public final class ConformanceFiles {

	private ConformanceFiles() {
	}

	/**
	 * Return the repository root.
	 * @return the root
	 */
	public static Path repoRoot() {
		String root = System.getProperty("anycable.conformance.repoRoot");
		if (root != null) {
			return Path.of(root).toAbsolutePath().normalize();
		}
		Path cwd = Path.of("").toAbsolutePath();
		return Files.isDirectory(cwd.resolve("scripts")) ? cwd : cwd.getParent();
	}

	/**
	 * Return the log directory, created if needed.
	 * @return the directory
	 */
	public static Path logDir() {
		String dir = System.getProperty("anycable.conformance.logDir");
		Path path = (dir != null) ? Path.of(dir) : Path.of("target", "conformance-logs");
		try {
			return Files.createDirectories(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Open a log file for writing (replacing an older one).
	 * @param name the file name
	 * @return the writer
	 */
	public static PrintWriter logWriter(String name) {
		try {
			return new PrintWriter(Files.newBufferedWriter(logDir().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")),
					StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
