package io.berth.runtime.init;

import io.berth.linux.HostNames;

/** hostname and domainname of config.json, set in the caller's UTS namespace when given. */
final class UtsNames {
    private UtsNames() {}

    static void apply(String hostname, String domainname) {
        if (hostname != null && !hostname.isEmpty()) {
            HostNames.setHostname(hostname);
        }
        if (domainname != null && !domainname.isEmpty()) {
            HostNames.setDomainname(domainname);
        }
    }
}
