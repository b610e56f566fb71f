package io.github.scratchimage.sign;

import java.util.Map;

/**
 * The id of the CI run a build is part of, from the variables common CI systems set: a URL of the
 * run where the system gives one. Checked in this order: GitHub Actions ({@code GITHUB_RUN_ID},
 * with {@code GITHUB_SERVER_URL}, {@code GITHUB_REPOSITORY} and {@code GITHUB_RUN_ATTEMPT}), GitLab
 * ({@code CI_JOB_URL}), Jenkins ({@code BUILD_URL}), CircleCI ({@code CIRCLE_BUILD_URL}), Buildkite
 * ({@code BUILDKITE_BUILD_URL}), Azure Pipelines ({@code BUILD_BUILDID}).
 */
public final class CiInvocation {
    private CiInvocation() {
    }

    /** The invocation id, or null outside a known CI system. */
    public static String of(Map<String, String> environment) {
        String githubRun = value(environment, "GITHUB_RUN_ID");
        if (githubRun != null) {
            String server = value(environment, "GITHUB_SERVER_URL");
            String repository = value(environment, "GITHUB_REPOSITORY");
            String attempt = value(environment, "GITHUB_RUN_ATTEMPT");
            if (server != null && repository != null) {
                return server + "/" + repository + "/actions/runs/" + githubRun
                        + (attempt == null ? "" : "/attempts/" + attempt);
            }
            return githubRun;
        }
        for (String name : new String[] {"CI_JOB_URL", "BUILD_URL", "CIRCLE_BUILD_URL", "BUILDKITE_BUILD_URL",
                "BUILD_BUILDID"}) {
            String value = value(environment, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
